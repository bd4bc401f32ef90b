import { describe, expect, it } from 'vitest';
import { isInternalAddress } from './address-guard.ts';

describe('isInternalAddress', () => {
  it('refuses loopback, private, link-local, unique-local and CGNAT addresses, however spelled', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      'not an address',
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.216.34', '172.32.0.1']) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });
});
