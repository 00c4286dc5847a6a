/** One or two characters for an avatar: a Latin prefix, the last CJK pair, or Latin initials. */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (/[\u3400-\u9fff]/.test(trimmed)) {
    // "OA系统" reads best as OA; "张三" as 张三.
    return /^[A-Za-z]{2}/.exec(trimmed)?.[0].toUpperCase() ?? [...trimmed].slice(-2).join('');
  }
  const words = trimmed.split(/\s+/);
  return (words.length > 1 ? words[0][0] + words[1][0] : [...words[0]].slice(0, 2).join('')).toUpperCase();
}
