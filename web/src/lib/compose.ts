// The composer's autocomplete: which token the caret is in (@user, #channel, :emoji) and how a
// pick replaces it. Pure, so it is tested without a browser.

export type TriggerKind = '@' | '#' | ':';

export interface Trigger {
  kind: TriggerKind;
  query: string; // what follows the trigger character, up to the caret
  start: number; // index of the trigger character
}

// The token before the caret, if it starts with a trigger at the start of the text or after
// whitespace ("mail@example" is no mention). ':' needs two characters, as RC's popup does, so
// "a:b" and times like 10:30 do not open it.
export function findTrigger(text: string, caret: number): Trigger | null {
  let i = caret;
  while (i > 0 && !/\s/.test(text[i - 1])) i--;
  const token = text.slice(i, caret);
  const kind = token[0] as TriggerKind;
  if (kind !== '@' && kind !== '#' && kind !== ':') return null;
  const query = token.slice(1);
  if (!/^[\w.\-+]*$/.test(query)) return null;
  if (kind === ':' && query.length < 2) return null;
  return { kind, query, start: i };
}

// Replaces the trigger's token with `insert` and a space; answers the new text and caret.
export function applyCompletion(text: string, trigger: Trigger, caret: number, insert: string): { text: string; caret: number } {
  const before = text.slice(0, trigger.start) + insert + ' ';
  const after = text.slice(caret).replace(/^\S*/, '').replace(/^ /, '');
  return { text: before + after, caret: before.length };
}

// Names that start with the query first, then names that contain it; case-insensitive.
export function rank<T>(items: T[], query: string, keys: (item: T) => string[], limit = 8): T[] {
  const q = query.toLowerCase();
  const score = (item: T) => {
    let best = 3;
    for (const k of keys(item)) {
      const v = k.toLowerCase();
      if (v.startsWith(q)) best = Math.min(best, 0);
      else if (v.includes(q)) best = Math.min(best, 1);
    }
    return best;
  };
  return items
    .map((item, i) => ({ item, i, s: score(item) }))
    .filter((x) => x.s < 3)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.item);
}
