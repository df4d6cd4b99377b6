"""Drives a command in a pseudo-terminal, as a clerk at a keyboard would.

Usage: python3 terminal.py '<json>' where json is {"argv": [...], "env": {...}, "steps": [{"expect": "text", "send": "keys"}],
"columns": the terminal's width, optional}.
Each step waits (up to 10 s) until the screen output contains `expect`, then types `send`.
Prints one JSON object: {"code": exit code, "output": everything the terminal showed, "timeout": step or null}.
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    if spec.get("columns"):
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, spec["columns"], 0, 0))
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

output = b""
def read_until(needle: bytes, deadline: float) -> bool:
    global output
    while needle not in output:
        remaining = deadline - time.time()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return needle in output
            if not chunk:
                return needle in output
            output += chunk
    return True

timed_out = None
for i, step in enumerate(spec["steps"]):
    if not read_until(step["expect"].encode(), time.time() + 10):
        timed_out = i
        break
    time.sleep(0.05)
    os.write(fd, step["send"].encode())

# Drain until the child exits (killed after 10 s).
status = None
end = time.time() + 10
while status is None:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
            output += chunk
        except OSError:
            pass
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
    elif time.time() > end:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": code, "output": output.decode("utf-8", "replace"), "timeout": timed_out}))
