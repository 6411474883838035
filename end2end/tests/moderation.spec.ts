import { expect, test, type Page } from '@playwright/test';
import { api, open, openMore, secondPerson, serverCommand, shot, signUp, unique, arrived } from './helpers';

async function balanceOf(page: Page): Promise<string> {
  await open(page, '/balance');
  return (await page.getByTestId('balance').locator('strong').textContent()) ?? '';
}

test('a decline that says why, a reported problem, and a moderator who settles it', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  // Bob (English) offers a bike repair for 6; Samira (Arabic) and Carol (French) would like it.
  await signUp(page, `${unique('bob')}@example.org`, 'Bob', { verify: true });
  const title = unique('Bike repair');
  const listing = (await api(page, 'create_listing', {
    form: {
      kind: 'offer', nature: 'service', category: 'repairs', title,
      description: 'Brakes, gears and punctures, Saturday mornings.',
      remote: false, price: '6', expires_in_days: '30', location: { lat: 48.8566, lng: 2.3522 },
    },
  })) as { id: number };
  const samira = await secondPerson(browser, info, 'ar');
  await signUp(samira, `${unique('samira')}@example.org`, 'Samira', { verify: true });
  const carol = await secondPerson(browser, info, 'fr-FR');
  await signUp(carol, `${unique('carol')}@example.org`, 'Carol', { verify: true });
  const samiras = (await api(samira, 'propose_exchange', { listing_id: listing.id, message: '' })) as number;
  const carols = (await api(carol, 'propose_exchange', { listing_id: listing.id, message: '' })) as number;

  // Bob declines Carol with a word, from his listing, and accepts Samira.
  await open(page, `/listings/${listing.id}`);
  const proposals = page.getByTestId('proposal');
  await expect(proposals).toHaveCount(2);
  const carolsCard = proposals.filter({ hasText: 'Carol' });
  await carolsCard.getByTestId('decline').click();
  await carolsCard.getByTestId('decline-message').fill('Sorry, only one repair this week. Try the repair café on Sunday!');
  await shot(page, info, 'decline-message');
  await carolsCard.getByTestId('decline-confirm').click();
  await expect(carolsCard).toContainText('Declined');
  await proposals.filter({ hasText: 'Samira' }).getByTestId('accept').click();
  await expect(proposals.filter({ hasText: 'Samira' })).toContainText('Accepted');

  // Carol reads why, in French.
  await open(carol, `/exchanges/${carols}`);
  await expect(carol.getByTestId('exchange-state')).toHaveText('Refusé');
  await expect(carol.getByTestId('messages')).toContainText('repair café on Sunday');

  // Samira reports a problem, in Arabic, saying what went wrong.
  await open(samira, `/exchanges/${samiras}`);
  expect(await samira.getAttribute('html', 'dir')).toBe('rtl');
  await samira.getByTestId('dispute').click();
  await samira.getByTestId('dispute-message').fill('لم يأتِ أحد يوم السبت.');
  // Bob writes meanwhile: the page shows his message, and Samira's form stays open with her text.
  await api(page, 'send_message', { id: samiras, body: 'Sorry, I was ill on Saturday.' });
  await expect(samira.getByTestId('messages')).toContainText('I was ill');
  await expect(samira.getByTestId('dispute-message')).toHaveValue('لم يأتِ أحد يوم السبت.');
  await samira.getByTestId('dispute-confirm').click();
  await expect(samira.getByTestId('dispute-notice')).toContainText('مشرف');
  await expect(samira.getByTestId('messages')).toContainText('لم يأتِ أحد');
  await shot(samira, info, 'dispute-ar');
  expect(await balanceOf(samira)).toBe('14');

  // Carol is not a moderator: the page says so and shows nothing.
  await open(carol, '/moderation');
  await expect(carol.getByTestId('moderators-only')).toBeVisible();
  await expect(carol.getByTestId('dispute')).toHaveCount(0);

  // Dominique (French) is named moderator by the operator's command.
  const dominique = await secondPerson(browser, info, 'fr-FR');
  const email = `${unique('dominique')}@example.org`;
  await signUp(dominique, email, 'Dominique');
  await expect(dominique.getByTestId('nav-moderation')).toHaveCount(0);
  serverCommand(info, ['role', email, 'moderator']);
  await open(dominique, '/');
  await openMore(dominique);
  await dominique.getByTestId('nav-moderation').click();
  await arrived(dominique, /\/moderation$/);
  const dispute = dominique.getByTestId('dispute').filter({ hasText: title });
  await expect(dispute).toContainText('Samira');
  await expect(dispute.getByTestId('dispute-messages')).toContainText('لم يأتِ أحد');

  // A blank note is refused in French; then a refund with a reason.
  await dispute.getByTestId('settle-refund').check();
  await dispute.getByTestId('settle-note').fill('   ');
  await dispute.getByTestId('settle').click();
  await expect(dispute.getByTestId('settle-error')).toHaveText('Ce champ est obligatoire.');
  await dispute.getByTestId('settle-note').fill('Bob confirme ne pas être venu : remboursement.');
  await shot(dominique, info, 'moderation-fr');
  await dispute.getByTestId('settle').click();
  await expect(dominique.getByTestId('dispute').filter({ hasText: title })).toHaveCount(0);

  // Samira sees the decision and the reason; her 6 came back.
  await open(samira, `/exchanges/${samiras}`);
  await expect(samira.getByTestId('exchange-state')).toHaveText('ملغى');
  await expect(samira.getByTestId('settlement')).toContainText('Bob confirme ne pas être venu');
  await shot(samira, info, 'settled-ar');
  expect(await balanceOf(samira)).toBe('20');
  expect(await balanceOf(page)).toBe('20');
});
