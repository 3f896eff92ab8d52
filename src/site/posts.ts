// The posts a page lists: items joined to their source, in one stable order, de-duplicated across feeds.
import type { Config, FeedConfig, Item } from "../model.ts";
import { slugify } from "../config/slug.ts";
import { postKeeper } from "./filters.ts";

export interface Post {
  item: Item;
  source: FeedConfig;
  /** The configured categories of every feed that carries the post (config wins over what the archive recorded). */
  categories: string[];
}

export interface Category {
  name: string;
  slug: string;
}

/** Newest first; ties broken by feed slug, then id, so two builds of the same archive list posts identically. */
export function comparePosts(a: Post, b: Post): number {
  const byDate = Date.parse(b.item.published) - Date.parse(a.item.published);
  if (byDate !== 0) return byDate;
  if (a.source.slug !== b.source.slug) return a.source.slug < b.source.slug ? -1 : 1;
  if (a.item.id === b.item.id) return 0;
  return a.item.id < b.item.id ? -1 : 1;
}

/** The posts of one source the filters let through, in list order (a source's own page shows every one). */
function sourcePosts(config: Config, feed: FeedConfig, items: readonly Item[]): Post[] {
  const keep = postKeeper(config.site, feed);
  return (keep === null ? items : items.filter(keep)).map((item) => ({ item, source: feed, categories: feed.categories })).sort(comparePosts);
}

/**
 * Every post of every source, in list order, with a post that several feeds carry (same link) shown once: the first
 * in list order stands for it and carries the categories of all its copies.
 */
function allPosts(bySource: Iterable<Post[]>): Post[] {
  const sorted = [...bySource].flat().sort(comparePosts);
  const byLink = new Map<string, Post>();
  const posts: Post[] = [];
  for (const post of sorted) {
    const link = post.item.link;
    const first = link === null ? undefined : byLink.get(link);
    if (first !== undefined) {
      first.categories = [...new Set([...first.categories, ...post.categories])];
      continue;
    }
    const kept = { ...post, categories: [...post.categories] };
    if (link !== null) byLink.set(link, kept);
    posts.push(kept);
  }
  return posts;
}

/** Every configured category, by name; names that slugify alike are one category (the first spelling wins). */
function allCategories(config: Config): Category[] {
  const bySlug = new Map<string, Category>();
  for (const name of config.feeds.flatMap((feed) => feed.categories)) {
    const slug = slugify(name);
    if (slug !== "" && !bySlug.has(slug)) bySlug.set(slug, { name, slug });
  }
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name, "en") || (a.slug < b.slug ? -1 : 1));
}

function postsInCategory(posts: Post[], category: Category): Post[] {
  return posts.filter((post) => post.categories.some((name) => slugify(name) === category.slug));
}

/** Every list the site shows, sorted and de-duplicated once for the pages and the output feeds alike. */
export interface PostLists {
  all: Post[];
  /** By feed slug, in config order. */
  bySource: Map<string, Post[]>;
  byCategory: { category: Category; posts: Post[] }[];
  /** By feed slug: the archived posts the filters hide from the site (they stay in the archive). */
  hiddenByFilters: Map<string, number>;
}

/** `items` by feed slug: a feed with none (never polled) lists nothing. */
export function postLists(config: Config, items: ReadonlyMap<string, readonly Item[]>): PostLists {
  const bySource = new Map(config.feeds.map((feed) => [feed.slug, sourcePosts(config, feed, items.get(feed.slug) ?? [])]));
  const hiddenByFilters = new Map(config.feeds.map((feed) => [feed.slug, (items.get(feed.slug)?.length ?? 0) - (bySource.get(feed.slug)?.length ?? 0)]));
  const all = allPosts(bySource.values());
  const byCategory = allCategories(config).map((category) => ({ category, posts: postsInCategory(all, category) }));
  return { all, bySource, byCategory, hiddenByFilters };
}
