import type { Lang } from '../../lib/i18n.js';
import type { NotificationKind, NotificationParams } from './schemas.js';

type Text = Record<Lang, string>;

const engagementActions: Record<string, Text> = {
  accept: { zh: '接受了对接', en: 'accepted the engagement' },
  decline: { zh: '婉拒了对接', en: 'declined the engagement' },
  activate: { zh: '开始了对接工作', en: 'started work on the engagement' },
  solve: { zh: '确认对接已解决', en: 'marked the engagement solved' },
  abandon: { zh: '终止了对接', en: 'abandoned the engagement' },
};

const problemActions: Record<string, Text> = {
  publish: { zh: '已发布', en: 'was published' },
  start: { zh: '已进入对接', en: 'is now in progress' },
  solve: { zh: '已解决', en: 'was solved' },
  close: { zh: '已关闭', en: 'was closed' },
  withdraw: { zh: '已撤回', en: 'was withdrawn' },
};

export const stuckRuleTexts: Record<string, Text> = {
  problem_unengaged: {
    zh: '难题发布后长期无人对接',
    en: 'Open problem without an engagement',
  },
  invitation_unanswered: {
    zh: '对接邀请长期未答复',
    en: 'Invitation not answered',
  },
  engagement_no_visit: {
    zh: '对接进行中但长期未走访',
    en: 'Active engagement without a visit',
  },
};

const q = (lang: Lang, title = '') => (lang === 'zh' ? `「${title}」` : `"${title}"`);

/** The title and body of a notification in one language. */
export function renderNotification(
  kind: NotificationKind,
  p: NotificationParams,
  lang: Lang,
): { title: string; body: string } {
  const zh = lang === 'zh';
  const problem = q(lang, p.problemTitle);
  switch (kind) {
    case 'invitation':
      return zh
        ? { title: '新的对接邀请', body: `${p.companyName ?? '企业'}邀请您对接难题${problem}。` }
        : {
            title: 'New invitation',
            body: `${p.companyName ?? 'A company'} invites you to work on ${problem}.`,
          };
    case 'interest':
      return zh
        ? { title: '专家表达了对接意向', body: `${p.expertName ?? '专家'}希望对接难题${problem}。` }
        : {
            title: 'An expert is interested',
            body: `${p.expertName ?? 'An expert'} would like to work on ${problem}.`,
          };
    case 'engagement_status': {
      const action = engagementActions[p.action ?? ''] ?? {
        zh: '更新了对接',
        en: 'updated the engagement',
      };
      return {
        title: zh ? '对接状态有更新' : 'Engagement update',
        body: zh
          ? `${p.actorName ?? ''}${action.zh}：${p.expertName ?? ''} · ${problem}。`
          : `${p.actorName ?? 'Someone'} ${action.en}: ${p.expertName ?? ''} · ${problem}.`,
      };
    }
    case 'visit_logged':
      return zh
        ? {
            title: p.action === 'progress' ? '新的进展记录' : '新的走访记录',
            body: `${p.actorName ?? ''}在${problem}的对接中记录了${p.action === 'progress' ? '进展' : '走访'}。`,
          }
        : {
            title: p.action === 'progress' ? 'Progress logged' : 'Visit logged',
            body: `${p.actorName ?? 'Someone'} logged a ${p.action === 'progress' ? 'progress note' : 'visit'} on ${problem}.`,
          };
    case 'problem_status': {
      const action = problemActions[p.action ?? ''] ?? { zh: '状态有更新', en: 'changed' };
      return {
        title: zh ? '难题状态有更新' : 'Problem update',
        body: zh ? `难题${problem}${action.zh}。` : `The problem ${problem} ${action.en}.`,
      };
    }
    case 'strong_match':
      return zh
        ? { title: '有与您高度匹配的新难题', body: `新发布的难题${problem}与您的专长高度匹配。` }
        : {
            title: 'A new problem fits you',
            body: `The newly published problem ${problem} closely fits your expertise.`,
          };
    case 'saved_search_match': {
      const search = q(lang, p.searchName);
      return zh
        ? { title: '保存的搜索有新结果', body: `新发布的难题${problem}符合您保存的搜索${search}。` }
        : {
            title: 'New result for a saved search',
            body: `The newly published problem ${problem} matches your saved search ${search}.`,
          };
    }
    case 'stuck_reminder': {
      const rule = stuckRuleTexts[p.rule ?? '']?.[lang] ?? '';
      const days = p.overdueDays ?? 0;
      const base = zh
        ? `人才办提醒：${problem}（${rule}，已超期 ${days} 天），请尽快处理。`
        : `The talent office reminds you: ${problem} (${rule}, ${days} days overdue); please act on it.`;
      return {
        title: zh ? '人才办催办提醒' : 'Reminder from the talent office',
        body: p.note ? `${base} ${p.note}` : base,
      };
    }
  }
}
