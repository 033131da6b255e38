import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, goto, launch, reload } from './browser';
import { creditCode, setRole } from './fixtures';

const webUrl = inject('webUrl');

describe('a company’s first problem, in Chinese', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('signs up, registers, is verified by the office, posts and publishes a problem', async () => {
    const company = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await goto(company, `${webUrl}/sign-up`);
    await expectAccessible(company);
    await company.getByLabel('姓名').fill('陈经理');
    await company.getByLabel('邮箱').fill('chen@deqing-jinggong.cn');
    await company.getByLabel('密码').fill('correct horse battery');
    await company.getByRole('button', { name: '注册' }).click();
    await company.waitForURL(`${webUrl}/`);
    await company.getByText('已登录：陈经理').waitFor();

    await company.getByRole('link', { name: '完善您的资料' }).click();
    await expectAccessible(company);
    await company.getByLabel('企业名称').fill('德清精工机械有限公司');
    await company.getByLabel('统一社会信用代码').fill(creditCode(42));
    await company.getByLabel('所在镇街').fill('乾元镇');
    await company.getByLabel('所属行业').fill('装备制造');
    await company.getByRole('button', { name: '提交' }).first().click();
    await company.waitForURL(`${webUrl}/problems`);

    await company.getByRole('link', { name: '发布新难题' }).click();
    await expectAccessible(company);
    await company.getByLabel('难题标题').fill('数控机床主轴热变形导致加工精度下降');
    await company.getByLabel('摘要（对外公开）').fill('连续加工两小时后孔径偏差超过 0.02 mm。');
    await company
      .getByLabel('详细描述')
      .fill(
        '我司立式加工中心连续加工两小时后主轴温升明显，孔径偏差超过 0.02 mm，希望给出热误差补偿方案。',
      );
    await company.getByLabel('所属领域').selectOption(['mech.cnc']);
    await company.getByLabel('关键词（用逗号分隔）').fill('热变形，误差补偿');
    await company.getByRole('button', { name: '保存为草稿' }).click();
    await company.waitForURL(/\/problems\/prb_/);
    expect(await company.getByTestId('problem-status').textContent()).toBe('草稿');

    // Not verified yet: publishing is refused with the reason.
    await company.getByRole('button', { name: '发布' }).click();
    await company.getByRole('alert').waitFor();
    expect(await company.getByRole('alert').textContent()).toContain('尚未通过人才办审核');
    await expectAccessible(company);

    // The office approves the company from its queue.
    const office = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await goto(office, `${webUrl}/sign-up`);
    await office.getByLabel('姓名').fill('王科长');
    await office.getByLabel('邮箱').fill('wang@rencaiban.gov.cn');
    await office.getByLabel('密码').fill('office password 123');
    await office.getByRole('button', { name: '注册' }).click();
    await office.waitForURL(`${webUrl}/`);
    await setRole('wang@rencaiban.gov.cn', 'officer');
    await goto(office, `${webUrl}/office/verification`);
    await expectAccessible(office);
    await office.getByRole('button', { name: '通过 德清精工机械有限公司' }).click();
    await office.getByText('没有待审核的项目。').first().waitFor();

    await reload(company);
    await company.getByRole('button', { name: '发布' }).click();
    await company.waitForFunction(
      () => document.querySelector('[data-testid="problem-status"]')?.textContent === '征集中',
    );
    const timeline = await company.getByTestId('timeline').textContent();
    expect(timeline).toContain('征集中');

    // The office proposes a clearer title without the company's consent on record: the edit
    // waits for the company, which sees it on its problem page and accepts it.
    const problemUrl = company.url();
    const problemId = problemUrl.slice(problemUrl.lastIndexOf('/') + 1);
    await goto(office, `${webUrl}/office/curation/${problemId}`);
    await office.getByLabel('标题', { exact: true }).fill('立式加工中心主轴热误差补偿');
    await office.getByRole('button', { name: '提交修改' }).click();
    await office.getByRole('status').filter({ hasText: '修改建议已发给企业' }).waitFor();

    await reload(company);
    const proposals = company.getByTestId('proposals');
    expect(await proposals.getByTestId('proposal-changes').textContent()).toMatch(
      /标题\s*数控机床主轴热变形导致加工精度下降\s*→\s*立式加工中心主轴热误差补偿/,
    );
    await expectAccessible(company);
    await proposals.getByLabel('回复说明（可选）').fill('同意，标题更准确。');
    await proposals.getByRole('button', { name: '接受修改' }).click();
    await company.waitForFunction(
      () => document.querySelector('h1')?.textContent === '立式加工中心主轴热误差补偿',
    );
    expect(await company.getByTestId('proposals').count()).toBe(0);
  });
});
