import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.js';

describe('environment', () => {
  it('applies defaults around a valid MONGODB_URL', () => {
    const env = parseEnv({ MONGODB_URL: 'mongodb://127.0.0.1:27017/' });
    expect(env).toMatchObject({ API_PORT: 8787, MONGODB_DB: 'jiedui', SEARCH_ENGINE: 'embedded' });
  });

  it('names every bad variable in one line', () => {
    expect(() => parseEnv({ MONGODB_URL: 'postgres://x', API_PORT: '99999' })).toThrow(EnvError);
    try {
      parseEnv({ MONGODB_URL: 'postgres://x', API_PORT: '99999' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/MONGODB_URL must look like mongodb:/);
      expect(message).toMatch(/API_PORT/);
      expect(message).not.toMatch(/\n/);
    }
  });

  it('requires MONGODB_URL and MEILI_URL when Meilisearch is chosen', () => {
    expect(() => parseEnv({})).toThrow('MONGODB_URL is required');
    expect(() => parseEnv({ MONGODB_URL: 'mongodb://h:1/', SEARCH_ENGINE: 'meilisearch' })).toThrow(
      'SEARCH_ENGINE=meilisearch needs MEILI_URL',
    );
  });
});
