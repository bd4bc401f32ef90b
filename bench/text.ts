/**
 * Seeded, deterministic filler text for the benchmark publication: the same seed gives the same
 * headlines, bodies, tags and bylines on every run, so two runs measure the same data.
 */

/** mulberry32: small, fast, good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const int = (rnd: Random, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

const WORDS = `harbour council ferry housing plan transport budget minister district residents community school
hospital water market tourism festival weather typhoon storm seawall bridge tunnel railway station port cargo
trade export import finance bank property rent tenant landlord developer investor startup technology data
energy solar wind carbon emissions climate policy review report survey study research university students
teachers parents children elderly workers union wages jobs retail shoppers prices inflation economy growth
government officials lawmakers legislature election vote campaign candidate committee hearing court judge ruling
appeal police fire rescue ambulance coast guard airport flight passengers traffic roads cyclists pedestrians
park garden wetland island beach pier village town city region border crossing travel card fares tickets
museum gallery theatre opera cinema music concert artist performers audience exhibition heritage history
library archive books writers newspaper media broadcast online platform users privacy security network
food restaurant chefs fishermen farmers harvest supply shortage demand recovery plan funding grant scheme
subsidy tax revenue spending deficit surplus quarter year month week morning evening night weekend season
record increase decline rise fall change delay approval decision proposal agreement talks partners
neighbours volunteers charity donation appeal health doctors nurses patients clinic trial treatment vaccine
sport team league match final season coach players fans stadium race marathon swim sailing regatta`
  .split(/\s+/)
  .filter(Boolean);

const VERBS = `said announced approved rejected confirmed warned expected reported opened closed delayed expanded
reviewed questioned promised planned launched welcomed criticised proposed completed doubled halved`
  .split(/\s+/)
  .filter(Boolean);

const FIRST = `Ada Ben Chloe Daniel Elena Felix Grace Henry Iris Jacob Kai Lena Marcus Nina Oscar Priya Quentin Rosa
Samuel Tara Umar Vera William Xin Yara Zoe Ming Wai Ka Siu Hoi Mei Chun Ling Tomás Zoë Renée Søren`
  .split(/\s+/)
  .filter(Boolean);
const LAST = `Chan Wong Lee Cheung Lau Ng Ho Leung Tang Yip Smith Patel Okafor García Müller Rossi Novak Kowalski
Fernandes Nakamura Kim Tan Lim Singh Brown Martin Dubois Jensen Costa Haddad`
  .split(/\s+/)
  .filter(Boolean);

export const SECTIONS = ['News', 'Politics', 'Business', 'Culture', 'Sport', 'Science', 'Opinion', 'Travel'];

const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `count` distinct two-word tag names such as "Harbour Funding". */
export function tagNames(rnd: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${cap(pick(rnd, WORDS))} ${cap(pick(rnd, WORDS))}`);
  return [...names];
}

/** `count` distinct full names, some with accents. */
export function personNames(rnd: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${pick(rnd, FIRST)} ${pick(rnd, LAST)}`);
  return [...names];
}

function sentence(rnd: Random, words: number): string {
  const out: string[] = [];
  const verbAt = int(rnd, 2, Math.max(2, words - 2));
  for (let i = 0; i < words; i++) out.push(i === verbAt ? pick(rnd, VERBS) : pick(rnd, WORDS));
  if (rnd() < 0.15) out.push(`${int(rnd, 2, 98)} per cent`);
  return `${cap(out.join(' '))}.`;
}

/** A paragraph of about `words` words. */
export function paragraph(rnd: Random, words = 80): string {
  const sentences: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, int(rnd, 8, 20));
    sentences.push(sentence(rnd, n));
    left -= n;
  }
  if (rnd() < 0.2) sentences.push(`Read the [full ${pick(rnd, WORDS)} report](https://example.org/reports/${int(rnd, 1, 9999)}).`);
  if (rnd() < 0.2) sentences[0] = `*${sentences[0]}*`;
  return sentences.join(' ');
}

export function headline(rnd: Random): string {
  const words = Array.from({ length: int(rnd, 5, 10) }, () => pick(rnd, WORDS));
  words.splice(int(rnd, 1, words.length - 1), 0, pick(rnd, VERBS));
  return cap(words.join(' '));
}

export function standfirst(rnd: Random): string {
  return sentence(rnd, int(rnd, 18, 30)) + ' ' + sentence(rnd, int(rnd, 8, 14));
}

/** Markdown body: 8 paragraphs of about 80 words, sometimes with a subheading and a quote. */
export function articleBody(rnd: Random): string {
  const blocks = Array.from({ length: 8 }, () => paragraph(rnd, int(rnd, 70, 90)));
  if (rnd() < 0.3) blocks.splice(4, 0, `## ${cap(pick(rnd, WORDS))} and ${pick(rnd, WORDS)}`);
  if (rnd() < 0.2) blocks.splice(2, 0, `> "${sentence(rnd, int(rnd, 10, 18))}"`);
  return blocks.join('\n\n');
}

export function commentText(rnd: Random): string {
  const paragraphs = Array.from({ length: int(rnd, 1, 3) }, () => paragraph(rnd, int(rnd, 15, 50)));
  return paragraphs.join('\n\n');
}
