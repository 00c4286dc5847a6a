/** One or two characters for an avatar: the last CJK character pair, or Latin initials. */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const latin = /^[A-Za-z]{2,}/.exec(trimmed);
  if (latin) return latin[0].slice(0, 2).toUpperCase();
  if (/[\u3400-\u9fff]/.test(trimmed)) return [...trimmed].slice(-2).join('');
  const words = trimmed.split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : [...words[0]].slice(0, 2).join('')).toUpperCase();
}
