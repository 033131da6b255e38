import { createNotificationRepository } from '../../../src/features/notifications/repository.js';
import { notificationId } from '../../../src/features/notifications/repository.js';
import { rule, signedIn, type MatrixExtension } from '../matrix-kit.js';

// In-app notifications: every signed-in user reads and marks their own; a notification of
// someone else is as absent as one that does not exist (404), for the office as well.
const extension: MatrixExtension = {
  rules: {
    'GET /notifications': signedIn,
    'GET /notifications/unread-count': signedIn,
    'POST /notifications/read-all': signedIn,
    'POST /notifications/{id}/read': rule(['owner']),
  },
  bodies: () => ({
    'POST /notifications/read-all': {},
    'POST /notifications/{id}/read': {},
  }),
  resolve: (_method, path, ids) =>
    path === '/notifications/{id}/read' ? `/notifications/${ids.notification}/read` : undefined,
  fixture: async (ctx, base) => {
    const userId = base.actors.owner.userId;
    const sourceId = `matrix-${Math.random().toString(36).slice(2)}`;
    const id = notificationId(sourceId, userId, 'problem_status');
    await createNotificationRepository(ctx.store.db).insertMany([
      {
        _id: id,
        userId,
        kind: 'problem_status',
        params: { problemId: base.ids.problem ?? '', problemTitle: '矩阵难题', action: 'publish' },
        link: `/problems/${base.ids.problem ?? ''}`,
        sourceId,
        createdAt: new Date(),
      },
    ]);
    return { notification: id };
  },
};

export default extension;
