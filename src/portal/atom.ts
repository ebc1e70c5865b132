/**
 * A minimal Atom 1.0 writer (RFC 4287, https://www.rfc-editor.org/rfc/rfc4287) for the feed of new
 * awards. Every text is XML-escaped here; entries carry their own stable `id` (a tag URI, RFC 4151).
 */

export interface AtomEintrag {
  id: string;
  titel: string;
  link: string;
  /** RFC 3339 date-time. */
  aktualisiert: string;
  zusammenfassung: string;
  kategorien?: string[];
}

export interface AtomFeed {
  id: string;
  titel: string;
  untertitel?: string;
  /** Absolute URL of the feed itself (rel="self"). */
  selbst: string;
  /** Absolute URL of the HTML page with the same content (rel="alternate"). */
  alternativ: string;
  aktualisiert: string;
  autor: string;
  rechte?: string;
  sprache: string;
  eintraege: AtomEintrag[];
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
    // Characters XML 1.0 does not allow at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

export function renderAtom(feed: AtomFeed): string {
  const e = escapeXml;
  const eintraege = feed.eintraege
    .map(
      (x) => `  <entry>
    <id>${e(x.id)}</id>
    <title>${e(x.titel)}</title>
    <link rel="alternate" type="text/html" href="${e(x.link)}"/>
    <updated>${e(x.aktualisiert)}</updated>
    <summary>${e(x.zusammenfassung)}</summary>
${(x.kategorien ?? []).map((k) => `    <category term="${e(k)}"/>\n`).join('')}  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${e(feed.sprache)}">
  <id>${e(feed.id)}</id>
  <title>${e(feed.titel)}</title>
${feed.untertitel ? `  <subtitle>${e(feed.untertitel)}</subtitle>\n` : ''}  <link rel="self" type="application/atom+xml" href="${e(feed.selbst)}"/>
  <link rel="alternate" type="text/html" href="${e(feed.alternativ)}"/>
  <link rel="license" href="https://www.govdata.de/dl-de/by-2-0"/>
  <updated>${e(feed.aktualisiert)}</updated>
  <author><name>${e(feed.autor)}</name></author>
${feed.rechte ? `  <rights>${e(feed.rechte)}</rights>\n` : ''}${eintraege}
</feed>
`;
}
