import { emailProblem, maskPhone, phoneProblem } from '../../../domain/contact';
import { keyToken, notificationKey } from '../../../domain/idempotency';
import { noticeSummary, planNoticeDeliveries } from '../../../domain/ops-notice';
import { opsNoticeWorkflowId, parseOpsNoticeWorkflowId } from '../../../domain/workflow-ids';

describe('ops notices: IDs, deliveries, idempotency keys and contacts', () => {
  it('builds ops-notice workflow IDs and parses them back', () => {
    expect(opsNoticeWorkflowId('CHG-42')).toBe('ops-notice/CHG-42');
    expect(parseOpsNoticeWorkflowId('ops-notice/CHG-42')).toEqual({ noticeId: 'CHG-42' });
    expect(parseOpsNoticeWorkflowId('dispatch/lit/1')).toBeUndefined();
    expect(() => opsNoticeWorkflowId('has space')).toThrow(/must be 1-120 characters/);
  });

  it("stands a short stable token in for a value that may not appear in a key (a technician's name)", () => {
    expect(keyToken('Maria Tech')).toMatch(/^[0-9a-f]{8}$/);
    expect(keyToken('Maria Tech')).toBe(keyToken('Maria Tech'));
    expect(keyToken('Maria Tech')).not.toBe(keyToken('Maria Tec'));
    expect(keyToken('Zoë')).not.toBe(keyToken('Zoe'));
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
});
