import { describe, expect, it } from 'vitest';
import { claimList, claimValue, roleFromGroups } from '../../src/auth/oidc.service';
import { ConfigError, loadConfig, testConfig } from '../../src/shared/config';

const base = {
  OIDC_ISSUER: 'https://id.bayern.example/realms/verwaltung',
  OIDC_CLIENT_ID: 'digitales-amt',
  OIDC_CLIENT_SECRET: 'geheim',
  OIDC_ROLLEN_ZUORDNUNG: 'gruppe-a=ministry_reviewer,gruppe-b=grant_officer',
};

const problems = (env: Record<string, string>) => {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('OIDC configuration', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(testConfig().oidc).toBeUndefined();
  });

  it('reads the mapping in its order and derives the URLs from PUBLIC_BASE_URL', () => {
    const c = testConfig({ ...base, PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example/' });
    expect(c.oidc).toMatchObject({
      redirectUrl: 'https://digitales-amt.bayern.example/anmelden/oidc/rueckkehr',
      postLogoutRedirectUrl: 'https://digitales-amt.bayern.example/?abgemeldet=1',
      scopes: 'openid profile email',
      rollenClaim: 'groups',
      behoerdenClaim: 'ars',
      kontenAnlegen: false,
      rollenZuordnung: [
        ['gruppe-a', 'ministry_reviewer'],
        ['gruppe-b', 'grant_officer'],
      ],
    });
  });

  it('names every missing setting when OIDC_ISSUER is set', () => {
    expect(problems({ OIDC_ISSUER: base.OIDC_ISSUER })).toEqual([
      'OIDC_CLIENT_ID: ist Pflicht, wenn OIDC_ISSUER gesetzt ist',
      'OIDC_CLIENT_SECRET: ist Pflicht, wenn OIDC_ISSUER gesetzt ist',
      'OIDC_ROLLEN_ZUORDNUNG: ist Pflicht, wenn OIDC_ISSUER gesetzt ist',
    ]);
  });

  it('refuses an unknown role and a malformed pair in the mapping, in German', () => {
    const p = problems({ ...base, OIDC_ROLLEN_ZUORDNUNG: 'gruppe-a=chef, nur-gruppe' });
    expect(p.join('\n')).toContain('„gruppe-a=chef“: unbekannte Rolle „chef“');
    expect(p.join('\n')).toContain('„nur-gruppe“: erwartet gruppe=rolle');
  });

  it('accepts http only for a provider on this machine, and needs the openid scope', () => {
    expect(problems({ ...base, OIDC_ISSUER: 'http://id.bayern.example' })).toEqual(['OIDC_ISSUER: muss mit https:// beginnen (http nur für localhost/127.0.0.1) (angegeben: „http://id.bayern.example“)']);
    expect(problems({ ...base, OIDC_ISSUER: 'http://127.0.0.1:8080/realms/test' })).toEqual([]);
    expect(problems({ ...base, OIDC_SCOPES: 'profile email' })).toEqual(['OIDC_SCOPES: muss den Scope "openid" enthalten (angegeben: „profile email“)']);
    expect(problems({ ...base, OIDC_REDIRECT_URL: 'https://da.bayern.example/callback' })).toEqual([
      'OIDC_REDIRECT_URL: der Pfad muss /anmelden/oidc/rueckkehr sein (nur Schema, Host und Port dürfen abweichen) (angegeben: „https://da.bayern.example/callback“)',
    ]);
  });
});

describe('claims to roles', () => {
  const mapping: [string, 'ministry_reviewer' | 'grant_officer'][] = [
    ['gruppe-a', 'ministry_reviewer'],
    ['gruppe-b', 'grant_officer'],
  ];

  it('takes the first mapping entry the person has a group for', () => {
    expect(roleFromGroups(['gruppe-b', 'gruppe-a'], mapping)).toBe('ministry_reviewer');
    expect(roleFromGroups(['gruppe-b'], mapping)).toBe('grant_officer');
    expect(roleFromGroups(['gruppe-c'], mapping)).toBeUndefined();
  });

  it('reads lists, separated strings and nested claims (Keycloak realm_access.roles)', () => {
    expect(claimList(['a', ' b ', 3, ''])).toEqual(['a', 'b']);
    expect(claimList('091620000000, 091610000000 091630000000')).toEqual(['091620000000', '091610000000', '091630000000']);
    expect(claimList(undefined)).toEqual([]);
    expect(claimValue({ realm_access: { roles: ['gruppe-a'] } }, 'realm_access.roles')).toEqual(['gruppe-a']);
    expect(claimValue({ 'https://bayern.example/gruppen': ['x'] }, 'https://bayern.example/gruppen')).toEqual(['x']);
  });
});
