import { parseNoticeArgs } from '../../../cli/notice-args';

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
