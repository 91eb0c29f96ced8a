import { describe, expect, it } from 'vitest';
import { checkSshPublicKey } from './ssh-public-key.ts';

// Generated with OpenSSH's ssh-keygen for this test (public halves only).
const ED25519 =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILhm7FGkSoE4AK6uAjE/TGMQlFD5vnXLBjHSfaZKIn/M tenant@laptop';
const RSA_1024 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC5y3Whi1CY+I/sqiTfHxAw+CJhA9MQ75lsM4HIwpbULnYwYMB5nA/BV6P7sYqTEHrUUQH/0C90CxLgKSsfjH3fvxhWJDWTZN3QrzwUNgMC1kHr+a/GOv27w6K7gRZNlMcoAnMeE+KuvjzyoQ4ZTSZT7psxDvW7NCAAEre6Gag2rQ== small';
const ECDSA_384 =
  'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBPozx7sMVoNy8Q6LlfKvf7QUOj2DXJ7KeTiA6HATr+FhYSni+uUoIHQFSgNeTDWjicX2nkl/GrsjdPN84HchrjTArCn7NS3YRctOp4QPyak17/VPWAy+BZkitalnNzBTwA==';
const RSA_3072 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCULZtGlR+y/hSgmgA791CwwJHHxXkqNXnBV+iolPbwE9h4b6+NWh1IElTDlVtIExqWDknzfQkqNr3G8kBaEmcnxCpSt1TTwpST2Jc3YRYunmsZFSOkbUGYE4ChGnfupUyWLApVsnJq1cHfjEqH7Wzgyx/5zL1FD8sgB1WXH30vVUAUHn57I+9l/Slg//SECOnMHU8ML9dZbHoOHLYhrLk5B1IDANBpqddiBdSIEVT/KZtdP4MQy5H8VIDsbsohwodCTgebCCofvLIVBqxpYCmKfmDhUji5OdwV79zMljGNhMOAbCrk6MOAic3aT3ERx0kOapR5g29mOTH5+mTIi/aCuH55Da0DSBo3CK+ts4m2OWDFb3sn8wq22u2B0v2B52iAyidXdd89n7dHhHLJ2j45i/z+vdxVRCupKKq+UXgCllmcazHpDvM8qi2u8a7TjPsnrpVQh+FllhRJIDBUdxFGxhRzwMoAM1R06XI2CFxy0IlU5T0fLTWKX3LKsdgOvIU= ci';

const problem = (line: string) => {
  const check = checkSshPublicKey(line);
  return check.ok ? null : check.problem;
};

describe('tenant SSH public keys', () => {
  it('accepts ed25519, ECDSA and RSA keys of 2048+ bits, with their size and canonical line', () => {
    const ed = checkSshPublicKey(`  ${ED25519}\n`);
    expect(ed).toMatchObject({ ok: true, key: { type: 'ssh-ed25519', bits: 256, comment: 'tenant@laptop' } });
    expect(ed.ok && ed.key.line).toBe(ED25519);
    expect(ed.ok && ed.key.blob.length).toBe(51);
    expect(checkSshPublicKey(ECDSA_384)).toMatchObject({
      ok: true,
      key: { type: 'ecdsa-sha2-nistp384', bits: 384, comment: '' },
    });
    expect(checkSshPublicKey(RSA_3072)).toMatchObject({ ok: true, key: { type: 'ssh-rsa', bits: 3072 } });
  });

  it('refuses small RSA keys, unknown types, bad base64, a key of another type, truncation and extra lines', () => {
    expect(problem(RSA_1024)).toBe('RSA keys must have at least 2048 bits (this one has 1024)');
    expect(problem(ED25519.replace('ssh-ed25519', 'ssh-dss'))).toMatch(/^key type must be one of/);
    expect(problem('-----BEGIN OPENSSH PRIVATE KEY-----')).toMatch(/^key type must be one of/);
    expect(problem('ssh-ed25519')).toBe('has no base64 key after its type');
    expect(problem('ssh-ed25519 AAAA$$$=')).toBe('the key is not valid base64');
    expect(problem(ED25519.replace('ssh-ed25519', 'ssh-rsa'))).toBe(
      'the base64 key is not a key of the type named before it',
    );
    const [type, data] = ED25519.split(' ') as [string, string];
    expect(problem(`${type} ${data.slice(0, 40)}`)).toBe('the ed25519 key is not 32 bytes');
    expect(problem(`${ED25519}\n${ED25519}`)).toBe('must be one line (one key)');
    expect(problem(`${type} ${data} ${'x'.repeat(201)}`)).toMatch(/comment must be at most 200/);
    expect(problem(`${type} ${data} a\u0007b`)).toMatch(/comment/);
    expect(problem('x'.repeat(9000))).toBe('longer than 8192 bytes');
  });

  it('never echoes the key in a problem', () => {
    const [type, data] = RSA_1024.split(' ') as [string, string];
    expect(problem(RSA_1024)).not.toContain(data.slice(0, 20));
    expect(problem(`${type} ${data.slice(0, 30)}`)).not.toContain(data.slice(0, 20));
  });
});
