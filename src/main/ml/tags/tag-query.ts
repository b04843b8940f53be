// Matches a typed search ("cats", "puppy", "coffee") against a photo's classifier tags. Hypernym
// tags already carry the general words ("cat", "coffee", "fruit"), so this only bridges the gap
// between how people type and WordNet's nouns: plurals and everyday synonyms.
import type { ClassifierTag } from '../worker/protocol'

export interface TagMatch {
  /** The matched tag's score, slightly lowered for synonym and partial matches. */
  score: number
  tag: ClassifierTag
  /** The query term that matched the tag's label. */
  term: string
}

const IRREGULAR_PLURALS: Record<string, string> = {
  mice: 'mouse', geese: 'goose', people: 'person', men: 'man', women: 'woman', children: 'child',
  teeth: 'tooth', feet: 'foot', oxen: 'ox', knives: 'knife', wives: 'wife', lives: 'life',
  leaves: 'leaf', wolves: 'wolf', calves: 'calf', halves: 'half', loaves: 'loaf', shelves: 'shelf',
  cacti: 'cactus', fungi: 'fungus', octopi: 'octopus', buses: 'bus',
}
/** Words whose plural is themselves or that end in s in the singular. */
const INVARIANT = new Set([
  'sheep', 'fish', 'deer', 'moose', 'bison', 'species', 'series', 'glasses', 'jeans', 'trousers', 'binoculars',
  'bus', 'octopus', 'cactus', 'hippopotamus', 'asparagus', 'hummus', 'citrus', 'walrus', 'platypus',
  'iris', 'ibis', 'mantis', 'chess', 'dress', 'grass', 'moss', 'bass', 'class', 'compass',
])

export function singular(word: string): string {
  if (INVARIANT.has(word)) return word
  const irregular = IRREGULAR_PLURALS[word]
  if (irregular) return irregular
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y` // puppies, butterflies
  if (word.length > 4 && word.endsWith('oes')) return word.slice(0, -2) // tomatoes
  if (/(ch|sh|ss|x|z)es$/.test(word)) return word.slice(0, -2) // peaches, boxes
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1)
  return word
}

/** Query word (singular) -> tag labels meaning the same thing for photo search. */
const SYNONYMS: Record<string, string[]> = {
  puppy: ['dog'], pup: ['dog'], doggy: ['dog'], doggie: ['dog'], doggo: ['dog'], hound: ['dog', 'hound'],
  kitty: ['cat'], kitten: ['cat'], pussycat: ['cat'], 'kitty cat': ['cat'],
  coffee: ['coffee', 'espresso', 'cappuccino'], latte: ['espresso', 'cappuccino', 'coffee'],
  fruit: ['fruit', 'edible fruit'],
  veggie: ['vegetable'], veg: ['vegetable'],
  bunny: ['rabbit', 'hare'], pony: ['horse'],
  car: ['car'], auto: ['car'], automobile: ['car'],
  motorbike: ['motorcycle', 'moped'], bike: ['bicycle', 'motorcycle', 'mountain bike'],
  soccer: ['soccer ball'], football: ['soccer ball', 'rugby ball'],
  plane: ['airliner', 'airplane', 'warplane', 'aircraft'], airplane: ['airplane', 'airliner', 'aircraft'],
  aeroplane: ['airplane', 'airliner', 'aircraft'],
  boat: ['boat', 'ship', 'vessel'], ship: ['ship', 'boat', 'vessel'],
  phone: ['telephone', 'cellular telephone'], cellphone: ['cellular telephone'], smartphone: ['cellular telephone'],
  tv: ['television'], sofa: ['couch', 'studio couch'], couch: ['couch', 'studio couch'],
  ape: ['ape', 'great ape'], monkey: ['monkey', 'primate'],
  burger: ['cheeseburger'], hamburger: ['cheeseburger'],
  flower: ['flower'], bug: ['insect', 'beetle'],
  // The faces stage's words.
  group: ['group photo'], 'group shot': ['group photo'], headshot: ['portrait'], selfie: ['portrait'],
}

/** Filler words of natural queries ("photos of cats"). */
const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'with', 'and', 'in', 'on', 'my', 'some', 'photo', 'photos', 'picture', 'pictures', 'image', 'images', 'pic', 'pics'])

function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9'-]+/g, ' ')
    .trim()
}

/** A phrase in singular form: only the head (last) word inflects ("soccer balls" -> "soccer ball"). */
function singularPhrase(phrase: string): string {
  const words = phrase.split(' ')
  words[words.length - 1] = singular(words[words.length - 1] ?? '')
  return words.join(' ')
}

/** Tag labels a (normalised) query phrase stands for, with the weight of each. */
function termsFor(phrase: string): Map<string, number> {
  const terms = new Map<string, number>()
  const put = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w))
  const one = singularPhrase(phrase)
  put(phrase, 1)
  put(one, 1)
  for (const syn of SYNONYMS[one] ?? SYNONYMS[phrase] ?? []) put(syn, syn === one ? 1 : 0.95)
  return terms
}

function bestMatch(phrase: string, tags: readonly ClassifierTag[]): TagMatch | null {
  const terms = termsFor(phrase)
  let best: TagMatch | null = null
  for (const tag of tags) {
    const label = singularPhrase(normalize(tag.label))
    const weight = terms.get(label) ?? terms.get(normalize(tag.label))
    if (weight === undefined) continue
    const score = tag.score * weight
    if (!best || score > best.score) best = { score, tag, term: label }
  }
  return best
}

/**
 * The best tag for the query, or null. The whole phrase is tried first; a longer query falls back
 * to its words, scaled by the share of words that matched ("photos of cats" still finds "cat").
 */
export function matchTagQuery(query: string, tags: readonly ClassifierTag[]): TagMatch | null {
  const phrase = normalize(query)
  if (!phrase) return null
  const whole = bestMatch(phrase, tags)
  if (whole) return whole
  const words = phrase.split(' ').filter((w) => !STOPWORDS.has(w))
  if (words.length === 0) return null
  if (words.length === 1 && words[0] !== phrase) return bestMatch(words[0] ?? '', tags)
  if (words.length === 1) return null
  let best: TagMatch | null = null
  let matched = 0
  for (const w of words) {
    const m = bestMatch(w, tags)
    if (!m) continue
    matched++
    if (!best || m.score > best.score) best = m
  }
  return best ? { ...best, score: (best.score * matched) / words.length } : null
}

/**
 * The tag labels a query stands for, with weights, for matching in the catalog (where tags are
 * rows, not a list per photo). Same rules as matchTagQuery: the whole phrase first, then its words,
 * each worth its share of the phrase.
 */
export function expandTagQuery(query: string): { label: string; weight: number }[] {
  const phrase = normalize(query)
  if (!phrase) return []
  const out = new Map<string, number>()
  const add = (p: string, scale: number) => {
    for (const [label, w] of termsFor(p)) out.set(label, Math.max(out.get(label) ?? 0, w * scale))
  }
  add(phrase, 1)
  const words = phrase.split(' ').filter((w) => !STOPWORDS.has(w))
  if (words.length === 1 && words[0] !== phrase) add(words[0]!, 1)
  else if (words.length > 1) for (const w of words) add(w, 1 / words.length)
  return [...out].map(([label, weight]) => ({ label, weight }))
}
