import type { SeededRandom } from './random.ts';

/**
 * Words in many scripts, so that every name the pipeline stores exercises encodings, collations,
 * bidirectional text, combining marks, surrogate pairs and emoji ZWJ sequences the way real
 * catalogue names do.
 */
const WORDS: Record<string, readonly string[]> = {
  latin: [
    'Midnight',
    'Echoes',
    'River',
    'Golden',
    'Static',
    'Velvet',
    'Neon',
    'Paper',
    'Hearts',
    'Signal',
    'Wild',
    'Ocean',
    'Ghost',
    'Summer',
    'Glass',
    'Fever',
  ],
  diacritics: [
    'Café',
    'Mañana',
    'Über',
    'Sœur',
    'Ærø',
    'Łódź',
    'Crème brûlée',
    'Fjörður',
    'Ça va',
    'Señorita',
    'Déjà vu',
    'Noël',
    'Şarkı',
    'Ğüneş',
    'Čaj',
    'Ångström',
  ],
  // Decomposed forms: "e" + COMBINING ACUTE ACCENT, "n" + COMBINING TILDE.
  combining: ['Beyonce\u0301', 'Ma\u0303e', 'Pin\u0303a', 'Zoe\u0308'],
  cyrillic: ['Звезда', 'Ночь', 'Кино', 'Группа крови', 'Любовь', 'Город', 'Ветер', 'Дорога'],
  greek: ['Θάλασσα', 'Αγάπη', 'Νύχτα', 'Ελπίδα', 'Ουρανός', 'Φως'],
  arabic: ['حبيبي', 'قمر', 'ليل', 'يا سلام', 'بحر', 'نور الهدى'],
  hebrew: ['שלום', 'אהבה', 'לילה טוב', 'ים', 'חלום'],
  cjk: ['夜に駆ける', '紅蓮華', '月亮代表我的心', '사랑해', '봄날', '東京', '青春', '好きだ', '星空'],
  devanagari: ['दिल', 'प्यार', 'चाँद', 'सपना', 'रात'],
  thai: ['รัก', 'ดวงดาว', 'คืนนี้', 'ฝน'],
  // 4-byte emoji and ZWJ sequences (woman singer, rainbow flag, family), plus a keycap and a flag.
  emoji: ['🎸', '🔥', '🌙', '💃🏽', '👩‍🎤', '🏳️‍🌈', '👨‍👩‍👧', '#️⃣', '🇯🇵', '🫶'],
  punctuation: [
    "Don't Stop",
    'Rock & Roll',
    '"Quoted"',
    'Back\\slash',
    '100%',
    'Part 1: The Beginning',
    'a/b',
    '¿Qué?',
    '(feat. Someone)',
    'C:\\Music',
  ],
};

const SCRIPTS = Object.keys(WORDS);

/** Joins one to three words, mostly from one script, sometimes mixed (as real feat. credits are). */
export function makeName(random: SeededRandom): string {
  const script = random.chance(0.45) ? 'latin' : random.pick(SCRIPTS);
  const count = random.int(1, 3);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = random.chance(0.8) ? script : random.pick(SCRIPTS);
    parts.push(random.pick(WORDS[from] ?? []));
  }
  if (random.chance(0.05)) parts.push(random.pick(WORDS.emoji ?? []));
  return parts.join(' ');
}

/** Classical and remix titles run long; a few names exceed 255 UTF-16 units and 500 UTF-8 bytes. */
export function makeLongName(random: SeededRandom): string {
  const parts: string[] = [];
  while (parts.join(' ').length < 260) parts.push(makeName(random));
  return `${parts.join(' – ')} (Remastered ${random.int(1990, 2025)})`;
}

export function makeTitle(random: SeededRandom): string {
  return random.chance(0.01) ? makeLongName(random) : makeName(random);
}

export function makeDisplayName(random: SeededRandom): string {
  const first = random.pick([
    'Anna',
    'José',
    'Zoë',
    'Łukasz',
    'Søren',
    'Ольга',
    'Γιώργος',
    'محمد',
    'נועה',
    '美咲',
    '지훈',
    'प्रिया',
    'สมชาย',
    'Siobhán',
  ]);
  return random.chance(0.2) ? `${first} ${random.pick(WORDS.emoji ?? [])}` : first;
}
