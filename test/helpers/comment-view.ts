/**
 * The PR comment as a reviewer sees it: rendered as GitHub-flavoured markdown (micromark with
 * the GFM extension, raw HTML kept as GitHub keeps `<details>`), and its visible part, what shows
 * before any collapsed section is opened.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** The comment's HTML as a GFM renderer makes it. */
export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

/** The HTML without the collapsed sections (their `<summary>` line stays: it shows). */
export function visibleHtml(html: string): string {
  return html.replace(/<details>\s*(<summary>[\s\S]*?<\/summary>)[\s\S]*?<\/details>/g, '$1');
}

/** The text a reader sees without opening anything, tags dropped, one line per block. */
export function visibleText(html: string): string {
  return visibleHtml(html)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<pre><code class="language-mermaid">[\s\S]*?<\/code><\/pre>/g, '[chart]')
    .replace(/<\/(p|h\d|tr|li|summary|table)>/g, '\n')
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** The non-blank markdown lines outside `<details>`: the visible length of the comment. */
export function visibleMarkdownLines(markdown: string): string[] {
  let depth = 0;
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('<details>')) depth++;
    else if (line.startsWith('</details>')) depth--;
    else if (depth === 0 && line.trim() !== '') out.push(line);
  }
  return out;
}

/**
 * A raw float: a decimal with four or more significant digits after the point (`762.4067`,
 * `0.8712`); `0.00015` and `87.1%` are not.
 */
export const RAW_FLOAT = /\d\.0*[1-9]\d{3,}/;

/** The HTML's text without tags and without the mermaid charts' source (data, not text). */
export function shownText(html: string): string {
  return html
    .replace(/<pre><code class="language-mermaid">[\s\S]*?<\/code><\/pre>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
}

/** The table rows of an HTML fragment, each as its cells' text. */
export function tableRows(html: string): string[][] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      (c[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    ),
  );
}
