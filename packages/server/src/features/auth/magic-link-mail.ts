export interface MagicLinkMailInput {
  tenantName: string;
  firstName: string;
  link: string;
  expiresAt: Date;
  ttlSeconds: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The sign-in mail: plain text and HTML, naming the tenant, the link and when it expires. */
export function magicLinkMail({
  tenantName,
  firstName,
  link,
  expiresAt,
  ttlSeconds,
}: MagicLinkMailInput): RenderedMail {
  const minutes = Math.round(ttlSeconds / 60);
  const expiry = `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (in ${minutes} minutes)`;
  const subject = `Your sign-in link for ${tenantName}`;
  const text = [
    `Hello ${firstName},`,
    '',
    `use this link to sign in to the ${tenantName} portal:`,
    '',
    link,
    '',
    `The link works once and expires at ${expiry}.`,
    'If you did not ask to sign in, ignore this mail: nothing happens without the link.',
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><body style="font-family: sans-serif; line-height: 1.5">
<p>Hello ${escapeHtml(firstName)},</p>
<p>use this link to sign in to the ${escapeHtml(tenantName)} portal:</p>
<p><a href="${escapeHtml(link)}">Sign in to ${escapeHtml(tenantName)}</a></p>
<p>The link works once and expires at ${escapeHtml(expiry)}.</p>
<p>If you did not ask to sign in, ignore this mail: nothing happens without the link.</p>
</body></html>
`;
  return { subject, text, html };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}
