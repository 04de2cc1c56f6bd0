// Renders the `md` AST parley sends with each message (@rocket.chat/message-parser's types).
// Unknown node types fall back to their text, so a newer server never breaks a message.
import type { ReactNode } from 'react';
import type { Root } from '@rocket.chat/message-parser';

type Node = { type: string; value?: unknown; [k: string]: unknown };

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text).join('');
  if (value && typeof value === 'object') {
    const v = value as Node;
    if ('value' in v) return text(v.value);
  }
  return '';
}

function children(value: unknown, keyPrefix: string): ReactNode {
  if (Array.isArray(value)) return value.map((n, i) => render(n as Node, `${keyPrefix}.${i}`));
  if (value && typeof value === 'object') return render(value as Node, `${keyPrefix}.0`);
  if (typeof value === 'string') return value;
  return null;
}

function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url, window.location.href);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function render(node: Node, key: string): ReactNode {
  if (!node || typeof node !== 'object') return null;
  switch (node.type) {
    case 'PARAGRAPH':
      return <p key={key}>{children(node.value, key)}</p>;
    case 'PLAIN_TEXT':
      return text(node.value);
    case 'BOLD':
      return <strong key={key}>{children(node.value, key)}</strong>;
    case 'ITALIC':
      return <em key={key}>{children(node.value, key)}</em>;
    case 'STRIKE':
      return <del key={key}>{children(node.value, key)}</del>;
    case 'INLINE_CODE':
      return <code key={key}>{text(node.value)}</code>;
    case 'CODE':
      return (
        <pre key={key}>
          <code>{(node.value as Node[]).map((l) => text(l)).join('\n')}</code>
        </pre>
      );
    case 'QUOTE':
    case 'BLOCKQUOTE':
      return <blockquote key={key}>{children(node.value, key)}</blockquote>;
    case 'HEADING': {
      const level = Math.min(4, Math.max(1, Number(node.level) || 1));
      const H = `h${level}` as 'h1';
      return <H key={key}>{children(node.value, key)}</H>;
    }
    case 'UNORDERED_LIST':
      return <ul key={key}>{children(node.value, key)}</ul>;
    case 'ORDERED_LIST':
      return <ol key={key}>{children(node.value, key)}</ol>;
    case 'LIST_ITEM':
      return <li key={key}>{children(node.value, key)}</li>;
    case 'LINE_BREAK':
      return <br key={key} />;
    case 'LINK': {
      const v = node.value as { src?: unknown; label?: unknown };
      const href = safeHref(text(v?.src));
      const label = Array.isArray(v?.label) || typeof v?.label === 'object' ? children(v.label, key) : text(v?.src);
      return href ? (
        <a key={key} href={href} target='_blank' rel='noopener noreferrer'>
          {label}
        </a>
      ) : (
        <span key={key}>{label}</span>
      );
    }
    case 'MENTION_USER':
      return (
        <span key={key} className='mention'>
          @{text(node.value)}
        </span>
      );
    case 'MENTION_CHANNEL':
      return (
        <span key={key} className='mention'>
          #{text(node.value)}
        </span>
      );
    case 'EMOJI': {
      const unicode = node.unicode as string | undefined;
      return <span key={key}>{unicode || `:${text(node.value) || String(node.shortCode ?? '')}:`}</span>;
    }
    case 'BIG_EMOJI':
      return (
        <span key={key} className='big-emoji'>
          {children(node.value, key)}
        </span>
      );
    default:
      return <span key={key}>{text(node.value)}</span>;
  }
}

export function Markdown({ md, fallback }: { md?: Root; fallback: string }) {
  if (!md || !Array.isArray(md) || md.length === 0) return <p>{fallback}</p>;
  return <>{(md as unknown as Node[]).map((n, i) => render(n, String(i)))}</>;
}
