import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './infopaket.markdown';

describe('safe Markdown', () => {
  it('renders headings, lists, emphasis and links', () => {
    const html = renderMarkdown('## BayernID\n\n- **sicher**\n- [BayernPortal](https://www.freistaat.bayern/)\n');
    expect(html).toContain('<h2>BayernID</h2>');
    expect(html).toContain('<strong>sicher</strong>');
    expect(html).toContain('<a href="https://www.freistaat.bayern/" class="kern-link" rel="noopener noreferrer">BayernPortal</a>');
  });

  it('neutralises <script>, raw HTML and javascript:/data: links', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klick](javascript:alert(1)) [d](data:text/html,<b>x</b>) ![b](javascript:alert(2)) [v](VBScript:x)\n\n<a href="javascript:alert(3)">a</a>');
    expect(html).not.toMatch(/<script|<img|<a href="javascript|href="data:|href="vbscript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('[klick](javascript:alert(1))');
  });
});
