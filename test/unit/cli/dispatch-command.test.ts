import { parseDispatchArgs } from '../../../cli/dispatch-command';

describe('npm run dispatch arguments', () => {
  it('parses show and cancel, and refuses the rest with the reason', () => {
    expect(parseDispatchArgs(['show', 'cts', 'S-147735'])).toEqual({
      command: 'show',
      vendor: 'cts',
      dispatchNumber: 'S-147735',
    });
    expect(parseDispatchArgs(['cancel', 'lit', 'DIS37450', '--reason', ' not needed '])).toEqual({
      command: 'cancel',
      vendor: 'lit',
      dispatchNumber: 'DIS37450',
      reason: 'not needed',
    });
    expect(() => parseDispatchArgs(['cancel', 'lit', 'DIS37450'])).toThrow('cancel needs --reason "<why>"');
    expect(() => parseDispatchArgs(['show', 'acme', 'X'])).toThrow('vendor must be lit or cts, got "acme"');
    expect(() => parseDispatchArgs(['delete'])).toThrow('unknown command "delete"');
    expect(() => parseDispatchArgs(['show', 'lit'])).toThrow('give the dispatch number');
  });
});
