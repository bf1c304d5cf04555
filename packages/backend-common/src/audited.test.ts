import { AuditorService } from '@backstage/backend-plugin-api';
import { audited } from './audited';

/** An auditor that writes down what happened to each event, in order. */
function recordingAuditor() {
  const log: unknown[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      log.push(['initiated', options.eventId, options.meta]);
      return {
        async success(o) {
          log.push(['succeeded', options.eventId, o?.meta]);
        },
        async fail(o) {
          log.push(['failed', options.eventId, o.error.message]);
        },
      };
    },
  };
  return { auditor, log };
}

describe('audited', () => {
  it('records the outcome of what succeeded, after it ran', async () => {
    const { auditor, log } = recordingAuditor();
    const result = await audited(
      auditor,
      { eventId: 'policy-reload', meta: { who: 'ada' } },
      async () => {
        log.push('ran');
        return { policies: 22 };
      },
      r => ({ policies: r.policies }),
    );
    expect(result).toEqual({ policies: 22 });
    expect(log).toEqual([
      ['initiated', 'policy-reload', { who: 'ada' }],
      'ran',
      ['succeeded', 'policy-reload', { policies: 22 }],
    ]);
  });

  it('records a failure with its message and throws it on', async () => {
    const { auditor, log } = recordingAuditor();
    await expect(
      audited(auditor, { eventId: 'cost-estimate-record' }, async () => {
        throw new Error('component:default/x is not in the catalog');
      }),
    ).rejects.toThrow('component:default/x is not in the catalog');
    expect(log).toEqual([
      ['initiated', 'cost-estimate-record', undefined],
      [
        'failed',
        'cost-estimate-record',
        'component:default/x is not in the catalog',
      ],
    ]);
  });

  it('does not run the action when the event cannot be created', async () => {
    const auditor: AuditorService = {
      createEvent: () => Promise.reject(new Error('audit store down')),
    };
    const run = jest.fn();
    await expect(audited(auditor, { eventId: 'x' }, run)).rejects.toThrow(
      'audit store down',
    );
    expect(run).not.toHaveBeenCalled();
  });
});
