/**
 * A word as typed in a shell: left bare when a shell reads it as one word (any character beyond
 * ASCII, and ASCII's letters, digits and `_@%+=:,./-`) or when it is a placeholder the clerk
 * replaces (`<n>`, `<办理情况>`), else single-quoted, so that a server's URL with `&`, a folder or a
 * name with a space is not split or run in the background. For the commands hongwu suggests, to be
 * copied as they are.
 */
export const shellWord = (word: string): string =>
  /^[\w@%+=:,./\-\u0080-\u{10FFFF}]+$/u.test(word) || /^<[^<>'\s]+>$/u.test(word)
    ? word
    : `'${word.replace(/'/g, `'\\''`)}'`;
