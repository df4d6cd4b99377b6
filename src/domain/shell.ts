/**
 * A word as typed in a shell: left bare when it holds only letters (Chinese too), digits and
 * `_./-`, else single-quoted. For the commands hongwu suggests, to be copied as they are.
 */
export const shellWord = (word: string) =>
  /^[\p{L}\p{N}_./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
