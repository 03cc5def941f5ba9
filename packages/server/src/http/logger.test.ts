import { describe, expect, it } from 'vitest';
import { redactUrl } from './logger.js';

describe('request log redaction', () => {
  it('hides the magic-link token but keeps the rest of the URL', () => {
    expect(redactUrl('/api/v1/portal/auth/validate?token=s3cret&x=1')).toBe(
      '/api/v1/portal/auth/validate?token=%5Bredacted%5D&x=1',
    );
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('/api/v1/portal/me')).toBe('/api/v1/portal/me');
    expect(redactUrl('/x?page=2')).toBe('/x?page=2');
  });
});
