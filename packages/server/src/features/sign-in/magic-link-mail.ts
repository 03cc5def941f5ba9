export interface MagicLinkMailInput {
  tenantName: string;
  firstName: string;
  link: string;
  /** The one-time code, as the person types it: `7KQM-P3XR`. */
  code: string;
  expiresAt: Date;
  ttlSeconds: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The sign-in mail: plain text and HTML, naming the tenant, the link, the one-time code (for a sign-in
 * started on another device) and when they expire.
 */
export function magicLinkMail({
  tenantName,
  firstName,
  link,
  code,
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
    'Or, on the device where you asked to sign in, enter this code:',
    '',
    `    ${code}`,
    '',
    `The link and the code work once (using one spends both) and expire at ${expiry}.`,
    'If you did not ask to sign in, ignore this mail: nothing happens without the link or the code.',
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><body style="font-family: sans-serif; line-height: 1.5">
<p>Hello ${escapeHtml(firstName)},</p>
<p>use this link to sign in to the ${escapeHtml(tenantName)} portal:</p>
<p><a href="${escapeHtml(link)}">Sign in to ${escapeHtml(tenantName)}</a></p>
<p>Or, on the device where you asked to sign in, enter this code:</p>
<p style="font-family: ui-monospace, monospace; font-size: 1.75em; font-weight: bold; letter-spacing: 0.15em" data-sign-in-code>${escapeHtml(code)}</p>
<p>The link and the code work once (using one spends both) and expire at ${escapeHtml(expiry)}.</p>
<p>If you did not ask to sign in, ignore this mail: nothing happens without the link or the code.</p>
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
