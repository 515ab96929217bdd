// Dispatch rules (LIT and CTS): statuses, appointment instants, contacts, ownership, SMS and notes.
export * from './status';
export * from './appointment';
export * from './contact';
export * from './templates';
export * from './snapshot';
export * from './timeline';
export * from './owed-sms';
export * from './owing';
export * from './request';
