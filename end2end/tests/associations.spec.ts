import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, fitsTheScreen, open, pickOnMap, secondPerson, serverCommand, shot, signUp, unique, arrived } from './helpers';

/** A `datetime-local` value in the browser's zone (the test's browsers share the machine's). */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** The width the browser decoded an image at (0 while not loaded or broken). */
async function decodedWidth(img: Locator): Promise<number> {
  return img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0));
}

/** Fills the activity form's common fields (and its place, unless it is held at a venue). */
async function describeActivity(page: Page, kind: 'event' | 'mission', title: string, atVenue = false) {
  await page.locator(`input[name=kind][value=${kind}]`).check();
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=description]', 'Venez nombreux, tout le monde est bienvenu.');
  await page.selectOption('select[name=category]', 'food');
  if (!atVenue) {
    await page.fill('input[name=address]', 'Maison de quartier, 3 place du Marché');
    await pickOnMap(page, 'activity-location-map', { x: 60, y: 200 });
  }
  await page.locator('input[name=languages][value=fr]').check();
  await page.locator('input[name=languages][value=ar]').check();
}

test.describe('associations, missions and events', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('an association is created and verified, posts a mission and an event, volunteers join, wait, are promoted and get their hours', async ({ page, browser }, info) => {
    test.setTimeout(300_000);
    // Odile (French) creates the association; an empty form is refused field by field.
    await signUp(page, `${unique('odile')}@example.org`, 'Odile');
    await open(page, '/associations');
    await page.getByTestId('new-association').click();
    await arrived(page, /\/associations\/new$/);
    await page.locator('[data-testid=association-form] button[type=submit]').click();
    await expect(page.getByTestId('form-error')).toBeVisible();
    await expect(page.locator('#err-name')).toHaveText('Ce champ est obligatoire.');
    await expect(page.locator('#err-categories')).toBeVisible();
    const name = unique('Épicerie solidaire');
    await page.fill('input[name=name]', name);
    await page.fill('textarea[name=description]', 'Une épicerie à petits prix et des repas partagés chaque semaine.');
    await page.fill('input[name=address]', '12 rue des Lilas, Lyon');
    await pickOnMap(page, 'association-location-map', { x: 60, y: 200 });
    await page.fill('input[name=website]', 'https://epicerie.example.org');
    await page.fill('input[name=contact]', '04 00 00 00 00');
    await page.locator('input[name=categories][value=food]').check();
    await expect(page.locator('input[name=name]')).toHaveValue(name);
    await shot(page, info, 'association-form-fr');
    await fitsTheScreen(page);
    await page.locator('[data-testid=association-form] button[type=submit]').click();
    await arrived(page, /\/associations\/\d+$/);
    const associationUrl = new URL(page.url()).pathname;
    await expect(page.getByTestId('verified-badge').first()).toHaveText('pas encore vérifiée');
    await expect(page.getByTestId('my-role')).toContainText('propriétaire');

    // A site administrator verifies it.
    const admin = await secondPerson(browser, info, 'fr-FR');
    const adminEmail = `${unique('dominique')}@example.org`;
    await signUp(admin, adminEmail, 'Dominique');
    await open(admin, associationUrl);
    await expect(admin.getByTestId('verify')).toHaveCount(0);
    serverCommand(info, ['role', adminEmail, 'moderator']);
    await open(admin, associationUrl);
    await admin.getByTestId('verify').click();
    await expect(admin.getByTestId('verified-badge').first()).toHaveText('vérifiée');

    // Odile invites Marc as a manager, by his e-mail address. An unknown name gets the same
    // answer: inviting never tells whether someone has an account.
    const marc = await secondPerson(browser, info, 'fr-FR');
    const marcEmail = `${unique('marc')}@example.org`;
    await signUp(marc, marcEmail, 'Marc');
    await open(page, associationUrl);
    await expect(page.getByTestId('verified-badge').first()).toHaveText('vérifiée');
    await page.fill('input[name=invitee]', 'personne-de-ce-nom');
    await page.locator('[data-testid=invite-form] button[type=submit]').click();
    // The notice's text is in the page from the start, hidden: it is its showing that says the
    // invitation left, and the emptied field that it was this one.
    await expect(page.getByTestId('invited')).toBeVisible();
    await expect(page.getByTestId('invited')).toContainText('Invitation envoyée');
    await expect(page.locator('input[name=invitee]')).toHaveValue('');
    await expect(page.locator('#err-invitee')).toBeHidden();
    await page.fill('input[name=invitee]', marcEmail);
    await page.selectOption('select[name=role]', 'manager');
    await page.locator('[data-testid=invite-form] button[type=submit]').click();
    // The notice is still there from the first invitation: the field emptied says this one left.
    await expect(page.locator('input[name=invitee]')).toHaveValue('');
    await expect(page.getByTestId('invited')).toContainText('Invitation envoyée');
    await expect(page.getByTestId('member').filter({ hasText: 'Marc' })).toHaveCount(0);

    // Marc joins only when he accepts, from his notifications.
    await open(marc, '/notifications');
    const invitation = marc.getByTestId('invitation').filter({ hasText: name });
    await expect(invitation).toContainText('comme gestionnaire');
    await shot(marc, info, 'invitation-fr');
    await invitation.getByTestId('accept-invitation').click();
    await expect(marc.getByTestId('invitation-answer')).toHaveText('Vous avez rejoint l’association.');
    await expect(marc.getByTestId('invitation')).toHaveCount(0);
    await open(page, associationUrl);
    await expect(page.getByTestId('member').filter({ hasText: 'Marc' })).toHaveAttribute('data-role', 'manager');
    await shot(page, info, 'association-fr');
    await fitsTheScreen(page);

    // Odile gives it a logo: a text file is refused in French, an 8×8 PNG is shown to everyone.
    await page.getByTestId('logo-file').setInputFiles(path.join(FIXTURES, 'not-an-image.txt'));
    await page.locator('[data-testid=logo-form] button[type=submit]').click();
    await expect(page.locator('#err-logo')).toHaveText('Ce fichier n’est pas une image PNG, JPEG ou WebP.');
    await expect(page.getByTestId('logo')).toHaveCount(0);
    await page.getByTestId('logo-file').setInputFiles(path.join(FIXTURES, 'logo.png'));
    await page.locator('[data-testid=logo-form] button[type=submit]').click();
    await expect(page.getByTestId('logo-status')).toHaveText('Logo enregistré.');
    await expect(page.locator('#err-logo')).toBeHidden();
    await expect(page.getByTestId('logo')).toHaveAttribute('alt', `Logo de ${name}`);
    await expect.poll(() => decodedWidth(page.getByTestId('logo'))).toBe(8);
    await shot(page, info, 'association-logo-fr');
    await fitsTheScreen(page);
    await open(admin, '/associations');
    const listed = admin.getByTestId('association-item').filter({ hasText: name });
    await expect.poll(() => decodedWidth(listed.locator('img.logo'))).toBe(8);

    // Marc posts a mission: one slot of 2 places starting in a minute or two, accepted automatically.
    await open(marc, associationUrl);
    await marc.getByTestId('new-activity').click();
    await arrived(marc, /\/activities\/new$/);
    const mission = unique('Distribution du samedi');
    await describeActivity(marc, 'mission', mission);
    await marc.fill('input[name=skills]', 'cuisine, accueil');
    await marc.locator('input[name=auto_accept]').check();
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
    await marc.fill('input[name=slot_start]', localInput(start));
    await marc.fill('input[name=slot_end]', localInput(new Date(start.getTime() + 2 * 3_600_000)));
    await marc.fill('input[name=slot_capacity]', '2');
    // A recurring mission repeats the last slot a week later (taken out again: one is enough here).
    await marc.getByTestId('repeat-weekly').click();
    const weekLater = new Date(start);
    weekLater.setDate(weekLater.getDate() + 7);
    await expect(marc.locator('input[name=slot_start]').nth(1)).toHaveValue(localInput(weekLater));
    await expect(marc.locator('input[name=slot_capacity]').nth(1)).toHaveValue('2');
    await marc.getByTestId('remove-slot').nth(1).click();
    await expect(marc.locator('input[name=slot_start]')).toHaveCount(1);
    await shot(marc, info, 'mission-form-fr');
    await fitsTheScreen(marc);
    await marc.locator('[data-testid=activity-form] button[type=submit]').click();
    await arrived(marc, /\/activities\/\d+$/);
    const missionUrl = new URL(marc.url()).pathname;
    await expect(marc.getByTestId('slot-places')).toHaveText('2 places restantes');

    // … and an event with 3 places tomorrow, at a step-free hall.
    const hall = unique('Salle des fêtes');
    const venue = (await api(marc, 'create_venue', {
      form: {
        name: hall, kind: 'culture', address: '3 place du Marché, Paris',
        location: { lat: 48.851, lng: 2.331 }, website: '', hours: '',
      },
      answers: [
        ['entree_plain_pied', 'yes'], ['accueil_cheminement_plain_pied', 'yes'], ['entree_largeur_mini', '90'],
        ['entree_porte_manoeuvre', 'no'], ['cheminement_ext_terrain_accidente', 'no'],
      ],
    })) as number;
    await open(marc, `${associationUrl}/activities/new?venue=${venue}`);
    await expect(marc.getByTestId('held-at')).toContainText(hall);
    const event = unique('Repas partagé');
    await describeActivity(marc, 'event', event, true);
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setHours(18, 0, 0, 0);
    await marc.fill('input[name=slot_start]', localInput(tomorrow));
    await marc.fill('input[name=slot_end]', localInput(new Date(tomorrow.getTime() + 2 * 3_600_000)));
    await marc.fill('input[name=slot_capacity]', '3');
    await marc.locator('[data-testid=activity-form] button[type=submit]').click();
    await arrived(marc, /\/activities\/\d+$/);
    const eventUrl = new URL(marc.url()).pathname;
    await expect(marc.getByTestId('slot-places')).toHaveText('3 places restantes');

    // Yasmin (Arabic) is proposed nothing until her profile says she cooks and where she lives;
    // then the mission is proposed to her, saying why.
    const yasmin = await secondPerson(browser, info, 'ar');
    await signUp(yasmin, `${unique('yasmin')}@example.org`, 'Yasmin');
    await open(yasmin, '/activities');
    await expect(yasmin.getByTestId('activity-list')).toBeVisible();
    await expect(yasmin.getByTestId('proposals')).toHaveCount(0);
    await open(yasmin, '/profile');
    await yasmin.fill('input[name=skills]', 'Cuisine');
    await pickOnMap(yasmin, 'home-map', { x: 60, y: 200 });
    await yasmin.locator('form:has(textarea[name=bio]) button[type=submit]').click();
    await expect(yasmin.getByRole('status')).not.toBeEmpty();
    await open(yasmin, '/profile');
    await expect(yasmin.locator('input[name=skills]')).toHaveValue('cuisine');
    await open(yasmin, '/activities');
    const proposal = yasmin.getByTestId('proposals').getByTestId('activity-item').filter({ hasText: mission });
    await expect(proposal).toBeVisible();
    await expect(proposal.getByTestId('why')).toContainText('تبحث عن مهاراتك');
    await expect(proposal.getByTestId('why')).toContainText('cuisine');
    await expect(yasmin.getByTestId('proposals').getByTestId('activity-item').filter({ hasText: event })).toHaveCount(0);
    await shot(yasmin, info, 'proposal-ar');
    await fitsTheScreen(yasmin);

    // Three volunteers apply: Amal (Arabic) and Bruno (French) get the places, Yasmin (Arabic) waits.
    const amal = await secondPerson(browser, info, 'ar');
    await signUp(amal, `${unique('amal')}@example.org`, 'Amal');
    const bruno = await secondPerson(browser, info, 'fr-FR');
    await signUp(bruno, `${unique('bruno')}@example.org`, 'Bruno');
    for (const volunteer of [amal, bruno]) {
      await open(volunteer, missionUrl);
      await volunteer.getByTestId('sign-up').click();
      await expect(volunteer.getByTestId('my-status')).toHaveAttribute('data-status', 'registered');
      // Written again by the browser after Amal's sign-up, in the singular Arabic form the
      // browser's own plural rules choose (`Intl.PluralRules`, vendor/leptos_i18n).
      if (volunteer === amal) await expect(amal.getByTestId('slot-places')).toHaveText('بقي مكان واحد');
    }
    await expect(amal.getByTestId('my-status')).toHaveText('مسجل');
    await open(yasmin, missionUrl);
    expect(await yasmin.getAttribute('html', 'dir')).toBe('rtl');
    await expect(yasmin.getByTestId('slot-places')).toHaveText('مكتمل');
    await yasmin.getByTestId('sign-up').click();
    await expect(yasmin.getByTestId('my-status')).toHaveAttribute('data-status', 'waiting');
    await expect(yasmin.getByTestId('my-status')).toHaveText('في قائمة الانتظار، رقم 1');
    await expect(yasmin.getByTestId('ics')).toHaveCount(0);
    await shot(yasmin, info, 'waiting-ar');
    await fitsTheScreen(yasmin);

    // Amal cancels: Yasmin moves up, is told, and can add the mission to her calendar.
    await amal.getByTestId('cancel-signup').click();
    await expect(amal.getByTestId('sign-up')).toBeVisible();
    await open(yasmin, missionUrl);
    await expect(yasmin.getByTestId('my-status')).toHaveAttribute('data-status', 'registered');
    const ics = await yasmin.request.get(`${missionUrl}/calendar.ics`);
    expect(ics.status()).toBe(200);
    const calendar = await ics.text();
    expect(calendar).toContain('BEGIN:VCALENDAR');
    expect(calendar).toContain(mission);
    await expect(yasmin.getByTestId('ics')).toBeVisible();
    await open(yasmin, '/notifications');
    await expect(yasmin.getByTestId('notice').filter({ hasText: mission })).toHaveAttribute('data-kind', 'promoted');
    await shot(yasmin, info, 'promoted-ar');

    // Marc sees who is coming and tells them.
    await open(marc, missionUrl);
    const signups = marc.getByTestId('signup');
    await expect(signups).toHaveCount(2);
    await expect(signups.filter({ hasText: 'Yasmin' })).toHaveAttribute('data-status', 'registered');
    await expect(signups.filter({ hasText: 'Amal' })).toHaveCount(0);
    await marc.fill('textarea[name=message]', 'Rendez-vous devant la porte bleue, 10 minutes avant.');
    await marc.locator('[data-testid=announce-form] button[type=submit]').click();
    await expect(marc.getByTestId('announced')).toHaveText('Envoyé à 2 personnes.');
    await open(bruno, '/notifications');
    await expect(bruno.getByTestId('notice').filter({ hasText: 'porte bleue' })).toHaveAttribute('data-kind', 'announcement');

    // Bruno moves in a wheelchair: the event is in the upcoming list, accessible to him (the
    // mission's place is not described: unknown for him), and on the map; he registers.
    await open(bruno, '/my-needs');
    await bruno.locator('input[name=need][value=wheelchair]').check();
    await bruno.getByTestId('save-needs').click();
    await expect(bruno.getByTestId('needs-saved')).toBeVisible();
    await open(bruno, '/activities');
    await bruno.getByTestId('filter-mine').check();
    const item = bruno.getByTestId('activity-item').filter({ hasText: event });
    await expect(item).toBeVisible();
    await expect(item.getByTestId('places-left')).toHaveText('3 places restantes');
    await expect(item.getByTestId('for-you')).toHaveAttribute('data-fit', 'suits');
    await expect(item).toContainText(hall);
    await expect(bruno.getByTestId('activity-item').filter({ hasText: mission }).getByTestId('for-you')).toHaveAttribute('data-fit', 'unknown');
    await shot(bruno, info, 'upcoming-fr');
    await fitsTheScreen(bruno);
    await open(bruno, '/');
    await expect(bruno.locator(`.leaflet-marker-icon[title*="${event}"]`)).toBeVisible();
    await open(bruno, eventUrl);
    await bruno.getByTestId('sign-up').click();
    await expect(bruno.getByTestId('slot-places')).toHaveText('2 places restantes');

    // Once the mission's slot has started, Marc records it as done; Yasmin gets her certificate.
    const wait = start.getTime() - Date.now() + 2_000;
    if (wait > 0) await marc.waitForTimeout(wait);
    await open(marc, missionUrl);
    await marc.getByTestId('complete-slot').click();
    await expect(marc.getByTestId('slot').first()).toContainText('Effectué.');
    await open(yasmin, '/hours');
    await yasmin.getByTestId('certificate-link').click();
    await arrived(yasmin, /\/certificates\/\d+$/);
    await expect(yasmin.getByTestId('total-hours')).toHaveText('2 h 00');
    await expect(yasmin.getByTestId('certificate')).toContainText(name);
    await expect(yasmin.getByTestId('certificate')).toContainText('موثقة');
    await expect(yasmin.getByTestId('certificate-logo')).toHaveAttribute('alt', `شعار ${name}`);
    await expect.poll(() => decodedWidth(yasmin.getByTestId('certificate-logo'))).toBe(8);
    await shot(yasmin, info, 'certificate-ar');
    await fitsTheScreen(yasmin);
    if (info.project.name === 'desktop') {
      // The printable page is what "save as PDF" prints.
      await yasmin.emulateMedia({ media: 'print' });
      await expect(yasmin.getByTestId('print')).toBeHidden();
      const pdf = await yasmin.pdf();
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
});

test('long lists are read a page at a time, in Arabic at phone width too', async ({ browser }, info) => {
  // Past the last page, the list is empty and the way back is offered; the first page, with
  // fewer than a page of associations, has no page links at all.
  const page = await secondPerson(browser, info, 'ar');
  await open(page, '/associations?page=3');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('association-item')).toHaveCount(0);
  await expect(page.getByTestId('page-current')).toHaveText('الصفحة 3');
  await expect(page.getByTestId('page-next')).toHaveCount(0);
  await shot(page, info, 'pager-ar');
  await page.getByTestId('page-previous').click();
  await arrived(page, /\/associations\?page=2$/);
  await expect(page.getByTestId('page-current')).toHaveText('الصفحة 2');
  await page.getByTestId('page-previous').click();
  await arrived(page, /\/associations\?page=1$/);
  // The first page: the list (or, on a database of its own, "no association yet"), no pages.
  await expect(page.getByTestId('association-list').or(page.getByTestId('no-associations'))).toBeVisible();
  await expect(page.locator('nav.pager')).toHaveCount(0);
});
