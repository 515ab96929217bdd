import { reminderTasks } from '../../../bench/history';

const ev = (kind: string) => ({ [`${kind}EventAttributes`]: {} });

describe('reminderTasks', () => {
  it('counts the tasks before the first timer fired (replayed on an evicted wake-up) and the reminder’s own', () => {
    const history = [
      'workflowExecutionStarted',
      'workflowTaskCompleted',
      'activityTaskCompleted',
      'workflowTaskCompleted',
      'timerStarted',
      'timerFired',
      'workflowTaskCompleted',
      'activityTaskCompleted',
      'workflowTaskCompleted',
      'activityTaskCompleted',
      'workflowTaskCompleted',
      'timerStarted',
      'timerFired',
      'workflowTaskCompleted',
    ].map(ev);
    expect(reminderTasks(history)).toEqual({ replayed: 2, own: 3 });
    // A timeline that ends after its reminder: its own tasks run to the end.
    expect(reminderTasks(history.slice(0, 9))).toEqual({ replayed: 2, own: 2 });
    expect(reminderTasks(history.slice(0, 5))).toBeUndefined();
  });
});
