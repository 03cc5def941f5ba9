/**
 * Why `secret` is no secret, or undefined when it may be one: a placeholder from an example (compose.yaml's
 * `change-me-...`), or too little variety to be random (one character repeated, a short pattern).
 */
export function weakSecretReason(secret: string): string | undefined {
  if (PLACEHOLDER.test(secret)) return 'is a placeholder';
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS || shannonBits(secret) < MIN_BITS) {
    return 'has too little variety to be random';
  }
  return undefined;
}

const PLACEHOLDER =
  /change[-_. ]?(me|it|this)|replace[-_. ]?me|placeholder|your[-_. ]?(jwt[-_. ]?)?secret|not[-_. ]?a[-_. ]?secret|dummy|insecure/i;

const MIN_DISTINCT_CHARACTERS = 4;
// Counted from the characters' frequencies: 32 random hex characters measure 90 or more, 43 base64url 180
// or more; 'ab' repeated measures 1 bit a character.
const MIN_BITS = 64;

function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / text.length);
  return bits;
}
