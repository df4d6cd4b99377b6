import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';

describe('intake to close', () => {
  it('takes a demand through the whole loop', async () => {
    const { env } = await initDb();
    const intake = json(await cli(['intake', '路灯不亮', '--channel', '电话', '--category', 'repair', '--json'], env));
    expect(intake.number).toBe('202611-0001');
    expect(intake.status).toBe('open');
  });
});
