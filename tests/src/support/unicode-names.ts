/**
 * Names that break pipelines: emoji (with ZWJ sequences, skin tones, flags, variation selectors),
 * right-to-left scripts and bidi mixes, 4-byte (astral) characters, combining marks that must not be
 * normalized, and the characters COPY/CSV/JSON escaping gets wrong (backslash, quotes, tab, newline).
 */
export const TRICKY_NAME_PARTS: readonly string[] = [
  '👩‍👩‍👧‍👦 Family', // ZWJ sequence of four people
  '🏳️‍🌈 Pride', // ZWJ sequence with a variation selector
  '🧑🏽‍🚀 Astronaut', // skin tone + ZWJ
  '🇸🇪🇯🇵', // regional-indicator flags
  '🔥🎸', // plain astral emoji
  'فيروز', // Arabic, right to left
  'עומר אדם', // Hebrew, right to left
  'אהבה Love 2 ❤️', // bidi mix
  'عمرو دياب – تملّي معاك', // Arabic with shadda and an en dash
  '𝄞 Clef', // U+1D11E, 4 bytes in UTF-8, a surrogate pair in UTF-16
  '𠜎𠜱𠝹', // CJK extension B, 4 bytes each
  '𝕳𝖊𝖛𝖞 𝕸𝖊𝖙𝖆𝖑', // mathematical fraktur
  'Beyonce\u0301', // a combining acute accent: must stay decomposed
  'Beyoncé', // precomposed, a different string from the one above
  'नमस्ते दुनिया', // Devanagari with conjuncts
  'สวัสดี', // Thai
  '坂本龍一', // CJK
  'Zoë "Q" O\'Brien', // quotes
  'AC\\DC', // a backslash (COPY's escape character)
  'Tab\tand\nNewline\r', // COPY's delimiters and line ends
  'Ｆｕｌｌｗｉｄｔｈ', // fullwidth forms
  'Z̤͔ͧ̑̓ä͖̭̈̇lgo', // stacked combining marks
];

/**
 * A name of exactly `codeUnits` UTF-16 code units (how SQL Server's NVARCHAR(2000) counts), made of
 * astral characters and emoji so that byte, code-point and code-unit lengths all differ.
 */
export function longestName(codeUnits: number, seedText = '𝄞é👩‍👩‍👧‍👦عب'): string {
  if (!Number.isInteger(codeUnits) || codeUnits < 1)
    throw new RangeError(`longestName: codeUnits must be a positive integer, got ${codeUnits}`);
  let name = '';
  const units = [...seedText];
  for (let i = 0; name.length < codeUnits; i += 1) {
    const next = units[i % units.length] as string;
    // Never split a surrogate pair at the end: pad with an ASCII letter instead.
    name += name.length + next.length <= codeUnits ? next : 'x';
  }
  return name;
}
