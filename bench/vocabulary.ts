// The words the benchmark's posts are written in: a vocabulary of tens of thousands of made-up words, drawn with the
// skewed frequencies of real prose (Zipf–Mandelbrot), so that a post has as many distinct words as a real one of its
// length. Search indexes grow with the distinct (word, post) pairs, so a corpus of a hundred words would flatter them.
// The words are made from the seed, never taken from real feeds.
import { seededRandom, type Random } from "../demo/articles.ts";

export interface VocabularyShape {
  /** How many distinct words there are. */
  size: number;
  /** The Zipf exponent: how fast a word's frequency falls with its rank. */
  exponent: number;
  /** Mandelbrot's offset: flattens the head, so the commonest words are not quite as dominant as pure Zipf says. */
  offset: number;
}

/**
 * Calibrated against the real feeds in ../shared/corpus/real (see distinct-words.ts): with these, a generated post's
 * first 200, 500 and 1,000 words hold about as many distinct words as a real post's do.
 */
export const PROSE_SHAPE: VocabularyShape = { size: 32_000, exponent: 1.26, offset: 4 };

export interface Vocabulary {
  readonly words: readonly string[];
  /** A word, drawn by its frequency. */
  draw(random: Random): string;
}

// The commonest words of English prose take the top ranks, so sentences read like sentences; every other word is made up.
const FUNCTION_WORDS = (
  "the of and to a in is that it for was on with as be this are by at or from have an not but they his " +
  "which you one we all their had has there been were so can if more what when will would about who up out " +
  "into only its some than then them these other also just like over after very how new most any our"
).split(" ");

const ONSETS = ["", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"];
// A few accented vowels: real feeds are not ASCII, and the index must fold and keep them.
const VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "io", "é", "ü"];
const CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng"];

function choose(random: Random, list: readonly string[]): string {
  return list[Math.floor(random() * list.length)] ?? "";
}

/** Rarer words are longer, as in real languages: one syllable near the top, up to four in the tail. */
function syllablesFor(rank: number, random: Random): number {
  const base = rank < 500 ? 1 : rank < 5_000 ? 2 : 3;
  return base + (random() < 0.35 ? 1 : 0);
}

function madeUpWord(rank: number, random: Random): string {
  let word = "";
  const syllables = syllablesFor(rank, random);
  for (let i = 0; i < syllables; i++) word += choose(random, ONSETS) + choose(random, VOWELS) + choose(random, CODAS);
  return word;
}

function madeUpWords(seed: number, size: number): string[] {
  // Its own stream of the seed, apart from the posts' streams.
  const random = seededRandom((seed ^ 0x9e3779b9) >>> 0);
  const taken = new Set<string>();
  const words: string[] = [];
  for (const word of FUNCTION_WORDS.slice(0, size)) {
    taken.add(word);
    words.push(word);
  }
  while (words.length < size) {
    const word = madeUpWord(words.length, random);
    // A made-up word may repeat an earlier one (or be a single letter): draw again, so every rank is its own word.
    if (word.length < 2 || taken.has(word)) continue;
    taken.add(word);
    words.push(word);
  }
  return words;
}

/** Cumulative Zipf–Mandelbrot weights, 1 / (rank + offset)^exponent, normalised to end at 1. */
function cumulativeWeights(shape: VocabularyShape): Float64Array {
  const cumulative = new Float64Array(shape.size);
  let total = 0;
  for (let rank = 1; rank <= shape.size; rank++) {
    total += 1 / Math.pow(rank + shape.offset, shape.exponent);
    cumulative[rank - 1] = total;
  }
  for (let i = 0; i < cumulative.length; i++) cumulative[i] = (cumulative[i] ?? 0) / total;
  return cumulative;
}

export function makeVocabulary(seed: number, shape: VocabularyShape = PROSE_SHAPE): Vocabulary {
  const words = madeUpWords(seed, shape.size);
  const cumulative = cumulativeWeights(shape);
  return {
    words,
    draw(random) {
      const target = random();
      // The first rank whose cumulative weight passes the target.
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((cumulative[middle] ?? 1) < target) low = middle + 1;
        else high = middle;
      }
      return words[low] ?? "";
    },
  };
}
