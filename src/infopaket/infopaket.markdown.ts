/**
 * Safe Markdown for the Informationspaket: markdown-it with `html: false` (raw HTML is shown as
 * text, never rendered), and links and images only to http(s), mailto and same-site paths
 * (no `javascript:`, `data:`, `vbscript:`). The output is the only HTML we pass to preact's
 * `dangerouslySetInnerHTML`.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = (url: string) => {
  const u = url.trim().toLowerCase();
  return /^https?:\/\//.test(u) || u.startsWith('mailto:') || (u.startsWith('/') && !u.startsWith('//')) || u.startsWith('#');
};
// External links open normally but tell the target nothing about us.
const standard = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx].attrGet('href') ?? '');
  tokens[idx].attrJoin('class', 'kern-link');
  if (/^https?:\/\//i.test(href)) tokens[idx].attrSet('rel', 'noopener noreferrer');
  return standard(tokens, idx, options, env, self);
};

/** HTML of a Markdown text, safe to insert into a page. */
export const renderMarkdown = (text: string): string => md.render(text);

/** Plain text (for search snippets). */
export const klartext = (text: string): string =>
  text
    .replace(/[#*_`>[\]()-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
