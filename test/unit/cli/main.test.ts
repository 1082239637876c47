import { main } from '../../../src/cli/main';

describe('batsafe CLI dispatcher', () => {
  it('refuses an unknown command with exit code 2 (invalid input, design.md)', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      errors.push(String(s));
      return true;
    });
    try {
      expect(await main(['no-such-command'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('')).toMatch(/unknown command 'no-such-command'/);
  });
});
