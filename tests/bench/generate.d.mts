/** Types for the bench generator (plain JavaScript, run by node directly), as the tests use it. */
import type { CslItem } from '../../src/bibliography/schema.js';

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
}

export type GeneratedItem = CslItem & { id: string; topics?: string[] };

export interface ArticleShape {
  words?: number;
  cites?: [number, number];
}

export interface GroundTruth {
  seed: number;
  articles: number;
  items: number;
  plantedDuplicates: [string, string][];
  updatesWithOwnDoi: [string, string][];
}

export function rng(seed: number): Rng;
export function generateBibliography(m: number, seed?: number): { items: GeneratedItem[]; plantedDuplicates: [string, string][]; updatesWithOwnDoi: [string, string][] };
export function generateArticle(r: Rng, index: number, keys: readonly string[], itemsById: Map<string, GeneratedItem>, keysByTopic: Map<string, string[]>, shape?: ArticleShape): string;
export function generateProject(dir: string, options: { articles: number; items: number; seed?: number; bib?: 'json' | 'yaml'; shape?: ArticleShape }): GroundTruth;
