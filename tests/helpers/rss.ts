// Writes small RSS 2.0 documents for tests.

export interface TestPost {
  guid: string;
  title: string;
  link?: string;
  published: Date;
  html?: string;
}

export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

export function rssDocument(channel: { title: string; link: string; description?: string; posts: TestPost[] }): string {
  const items = channel.posts.map(
    (post) => `
    <item>
      <guid isPermaLink="false">${escapeXml(post.guid)}</guid>
      <title>${escapeXml(post.title)}</title>
      <link>${escapeXml(post.link ?? `${channel.link}${post.guid}`)}</link>
      <pubDate>${post.published.toUTCString()}</pubDate>
      <description>${escapeXml(post.html ?? `<p>${post.title}</p>`)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(channel.title)}</title>
    <link>${escapeXml(channel.link)}</link>
    <description>${escapeXml(channel.description ?? `${channel.title}, a test feed`)}</description>${items.join("")}
  </channel>
</rss>
`;
}
