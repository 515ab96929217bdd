import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePayloadKeys } from '../../codec/keys';
import { emailProblem, maskPhone, phoneProblem } from '../../domain/contact';
import { notificationKey } from '../../domain/idempotency';
import { noticeSummary, planNoticeDeliveries } from '../../domain/ops-notice';
import { opsNoticeWorkflowId, parseOpsNoticeWorkflowId } from '../../domain/workflow-ids';
import { searchAttributeFlags } from '../../domain/search-attributes';
import { devServerArgs } from '../../temporal-config/dev-server';
import { loadConfig } from '../../config';
import { tempDir } from '../helpers/env';
import { parseNoticeArgs } from '../../cli/notice-args';

describe('domain rules', () => {
  it('builds ops-notice workflow IDs and parses them back', () => {
    expect(opsNoticeWorkflowId('CHG-42')).toBe('ops-notice/CHG-42');
    expect(parseOpsNoticeWorkflowId('ops-notice/CHG-42')).toEqual({ noticeId: 'CHG-42' });
    expect(parseOpsNoticeWorkflowId('dispatch/lit/1')).toBeUndefined();
    expect(() => opsNoticeWorkflowId('has space')).toThrow(/must be 1-120 characters/);
  });

  it('keys notifications by workflow, step and business ID, never by run', () => {
    expect(notificationKey('dispatch/lit/DIS1', 'reminder-12h', 'DIS1')).toBe('dispatch/lit/DIS1|reminder-12h|DIS1');
    expect(() => notificationKey('w', '', 'b')).toThrow(/step is empty/);
  });

  it('validates and masks contact details', () => {
    expect(phoneProblem('+12125550123')).toBeUndefined();
    expect(phoneProblem('2125550123')).toMatch(/E.164/);
    expect(emailProblem('noc@example.com')).toBeUndefined();
    expect(emailProblem('noc@@example')).toMatch(/expected an address/);
    expect(emailProblem(`${'a'.repeat(250)}@x.com`)).toMatch(/longer than 254/);
    expect(maskPhone('+12125550123')).toBe('**********23');
  });

  it('plans a notice as positional deliveries and summarises it without recipients', () => {
    const input = {
      noticeId: 'N1',
      subject: 's',
      text: 't',
      emailTo: ['a@x.example'],
      slackChannel: '#ops',
      smsTo: ['+12125550123', '+12125550124'],
    };
    expect(planNoticeDeliveries(input).map((d) => `${d.channel}:${d.businessId}`)).toEqual([
      'email:N1#1',
      'slack:N1',
      'sms:N1#1',
      'sms:N1#2',
    ]);
    expect(noticeSummary(input)).toBe('Ops notice N1: 1 email, Slack, 2 SMS');
    expect(noticeSummary({ noticeId: 'N2', subject: 's', text: 't' })).toBe('Ops notice N2: no recipients');
  });

  it('starts the dev server in WAL mode with our search attributes and the codec endpoint', () => {
    const args = devServerArgs({
      port: 7233,
      uiPort: 8233,
      dbFile: '.data/t.sqlite',
      namespace: 'default',
      codecEndpoint: 'http://localhost:8888',
    });
    expect(args.join(' ')).toContain('--sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=NORMAL');
    expect(args.join(' ')).toContain('--ui-codec-endpoint http://localhost:8888');
    expect(searchAttributeFlags()).toEqual([
      'Vendor=Keyword',
      'DispatchNumber=Keyword',
      'TicketId=Keyword',
      'EdgeId=Keyword',
      'ClientId=Keyword',
      'Outcome=Keyword',
    ]);
    for (const f of searchAttributeFlags()) expect(args).toContain(f);
  });

  it('generates a development payload key once and reuses it across restarts', () => {
    const file = join(tempDir('keys'), 'payload-key.json');
    const codec = loadConfig({}).codec;
    const first = resolvePayloadKeys(codec, file);
    expect(existsSync(file)).toBe(true);
    expect(first.current.key).toHaveLength(32);
    expect(resolvePayloadKeys(codec, file).current.key.equals(first.current.key)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).id).toBe('dev-local');
  });
});

describe('npm run notice arguments', () => {
  it('parses recipients of every channel', () => {
    expect(
      parseNoticeArgs([
        '--id',
        'CHG-9',
        '--subject',
        'S',
        '--text',
        'T',
        '--email',
        'a@x.example',
        '--sms',
        '+12125550123',
        '--sms',
        '+12125550124',
        '--slack',
        '#ops',
      ]),
    ).toEqual({
      noticeId: 'CHG-9',
      subject: 'S',
      text: 'T',
      emailTo: ['a@x.example'],
      smsTo: ['+12125550123', '+12125550124'],
      slackChannel: '#ops',
    });
    expect(parseNoticeArgs(['--id', 'N', '--subject', 'S', '--text', 'T', '--slack']).slack).toBe(true);
  });
  it('explains what is missing or wrong', () => {
    expect(() => parseNoticeArgs(['--subject', 'S'])).toThrow('missing: --id, --text');
    expect(() => parseNoticeArgs(['--id', 'N', '--subject', 'S', '--text', 'T'])).toThrow(/no recipients/);
    expect(() => parseNoticeArgs(['--id'])).toThrow('--id needs a value');
    expect(() => parseNoticeArgs(['--fax', '1'])).toThrow('unknown option --fax');
  });
});
