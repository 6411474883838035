import { expect, test, type Page } from '@playwright/test';
import { api, arrived, fitsTheScreen, open, openMore, pickOnMap, secondPerson, serverCommand, shot, signUp, unique } from './helpers';

async function answer(page: Page, question: string, value: 'yes' | 'no' | 'unknown') {
  await page.locator(`fieldset[data-question=${question}] input[value=${value}]`).check();
}

function need(page: Page, code: string) {
  return page.locator(`[data-testid=need-summary][data-need=${code}]`);
}

test.describe('accessible venues', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('a place is added with its answers, rated per need, and corrected by someone else in Arabic', async ({ page, browser }, info) => {
    test.setTimeout(120_000);
    // The rules are public, generated from the code, and lead to adding a place.
    await open(page, '/accessibility');
    await expect(page.locator('h1')).toHaveText('Comment l’accessibilité est évaluée');
    await expect(page.getByTestId('need-rule')).toHaveCount(5);
    await expect(page.locator('[data-testid=need-rule][data-need=wheelchair]')).toContainText('Largeur de la porte d’entrée (cm) : au moins 80');
    await expect(page.getByTestId('questions').locator('tbody tr')).toHaveCount(18);
    await shot(page, info, 'accessibility-rules-fr');
    await fitsTheScreen(page);

    await signUp(page, `${unique('odile')}@example.org`, 'Odile');
    await open(page, '/accessibility');
    await page.getByRole('link', { name: 'Ajouter un lieu' }).click();
    await arrived(page, /\/venues\/new$/);

    // An empty form is refused field by field; what was answered stays.
    await answer(page, 'entree_plain_pied', 'yes');
    await page.locator('[data-testid=venue-form] button[type=submit]').click();
    await expect(page.getByTestId('form-error')).toBeVisible();
    await expect(page.locator('#err-name')).toHaveText('Ce champ est obligatoire.');
    await expect(page.locator('#err-kind')).toBeVisible();
    await expect(page.locator('fieldset[data-question=entree_plain_pied] input[value=yes]')).toBeChecked();

    const name = unique('Médiathèque Jean Macé');
    await page.fill('input[name=name]', name);
    await page.selectOption('select[name=kind]', 'library');
    await page.fill('input[name=address]', '2 rue Domer, Lyon');
    await pickOnMap(page, 'venue-location-map', { x: 100, y: 160 });
    await page.fill('input[name=hours]', 'Mardi–samedi 10 h–19 h');
    await page.fill('input[name=q-entree_largeur_mini]', '90');
    await answer(page, 'entree_porte_manoeuvre', 'no');
    await answer(page, 'accueil_cheminement_plain_pied', 'yes');
    await answer(page, 'cheminement_ext_terrain_accidente', 'no');
    await answer(page, 'sanitaires_adaptes', 'no');
    await shot(page, info, 'venue-form-fr');
    await fitsTheScreen(page);
    await page.locator('[data-testid=venue-form] button[type=submit]').click();
    await arrived(page, /\/venues\/\d+$/);
    const venueUrl = new URL(page.url()).pathname;

    // Rated per need from the answers: no accessible toilet makes it "partly" for a wheelchair
    // user; nobody said whether the staff is trained, so it is unknown for deaf people.
    await expect(page.locator('h1')).toHaveText(name);
    await expect(need(page, 'wheelchair')).toHaveAttribute('data-level', 'partly');
    await expect(need(page, 'wheelchair').locator('h3')).toContainText('Partiellement accessible');
    // Each need opens to say why.
    await need(page, 'wheelchair').locator('summary').click();
    await expect(need(page, 'wheelchair').locator('li[data-check=not_met]')).toBeVisible();
    await expect(need(page, 'wheelchair').locator('li[data-check=not_met]')).toContainText('Toilettes adaptées');
    await expect(need(page, 'hearing')).toHaveAttribute('data-level', 'unknown');
    await expect(need(page, 'hearing').locator('h3')).toContainText('Inconnu');
    await expect(page.getByTestId('wheelchair-grade')).toHaveAttribute('data-grade', 'partially');
    await expect(need(page, 'wheelchair').locator('li[data-check=met]').first()).toContainText('Odile');
    await shot(page, info, 'venue-fr');
    await fitsTheScreen(page);

    // Someone reading Arabic corrects the toilet: the place becomes accessible to wheelchair
    // users, and both answers stay in the history.
    const samir = await secondPerson(browser, info, 'ar');
    await signUp(samir, `${unique('samir')}@example.org`, 'سمير');
    await open(samir, venueUrl);
    await expect(samir.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(need(samir, 'wheelchair').locator('h3')).toContainText('متاح جزئيًا');
    await answer(samir, 'sanitaires_adaptes', 'yes');
    await samir.locator('[data-testid=answers-form] button[type=submit]').click();
    await expect(samir.getByTestId('answers-saved')).toHaveText('شكرًا: حُفظت إجابة واحدة.');
    await expect(need(samir, 'wheelchair')).toHaveAttribute('data-level', 'accessible');
    await expect(samir.getByTestId('wheelchair-grade')).toHaveAttribute('data-grade', 'fully');
    await samir.getByTestId('history').locator('summary').click();
    await expect(samir.getByTestId('history').locator('li')).toHaveCount(7);
    await shot(samir, info, 'venue-ar');
    await fitsTheScreen(samir);

    // Sending the same answers again changes nothing, and says so.
    await samir.locator('[data-testid=answers-form] button[type=submit]').click();
    await expect(samir.getByTestId('answers-saved')).toHaveText('لم يتغيّر شيء: هذه هي الإجابات أصلًا.');

    // Back in French, the page shows who corrected what.
    await open(page, venueUrl);
    await expect(need(page, 'wheelchair')).toHaveAttribute('data-level', 'accessible');
    await expect(need(page, 'wheelchair').locator('li', { hasText: 'Toilettes adaptées' })).toContainText('سمير');
  });

  test('a visitor reads a place but is asked to sign in to add one', async ({ page }) => {
    await open(page, '/venues/new');
    await expect(page.getByTestId('login-required')).toBeVisible();
  });

  test('the places that suit my needs: ticked, listed first, kept in the address, in French and Arabic', async ({ page, browser }, info) => {
    await signUp(page, `${unique('pauline')}@example.org`, 'Pauline');
    // Two places of one kind; names that sort first, so they are on the first page.
    const tag = unique('');
    const form = (name: string) => ({
      name, kind: 'culture', address: '3 place Bellecour, Lyon',
      location: { lat: 45.7578, lng: 4.832 }, website: '', hours: '',
    });
    await api(page, 'create_venue', {
      form: form(`0 Salle plain-pied ${tag}`),
      answers: [
        ['entree_plain_pied', 'yes'], ['accueil_cheminement_plain_pied', 'yes'], ['entree_largeur_mini', '90'],
        ['entree_porte_manoeuvre', 'no'], ['cheminement_ext_terrain_accidente', 'no'],
      ],
    });
    await api(page, 'create_venue', {
      form: form(`0 Salle à marches ${tag}`),
      answers: [['entree_plain_pied', 'no'], ['entree_marches', '4']],
    });

    // From the menu; nothing ticked: every place, with its level for each need.
    await openMore(page);
    await page.getByTestId('nav-venues').click();
    await arrived(page, /\/venues$/);
    await expect(page.locator('h1')).toHaveText('Lieux accessibles');
    const item = (name: string) => page.getByTestId('venue-item').filter({ hasText: name });
    await page.selectOption('[data-testid=venue-kind]', 'culture');
    await page.getByTestId('venue-filter-submit').click();
    await arrived(page, /kind=culture/);
    await expect(item(`0 Salle à marches ${tag}`)).toBeVisible();
    await expect(item(`0 Salle à marches ${tag}`).locator('[data-need=wheelchair]')).toHaveAttribute('data-level', 'not_accessible');

    // "En fauteuil roulant": the stepped place goes, the other says it suits.
    await page.getByLabel('En fauteuil roulant').check();
    await page.getByTestId('venue-filter-submit').click();
    await arrived(page, /need=wheelchair/);
    await expect(page.getByLabel('En fauteuil roulant')).toBeChecked();
    await expect(page.getByTestId('venue-kind')).toHaveValue('culture');
    await expect(item(`0 Salle à marches ${tag}`)).toHaveCount(0);
    await expect(item(`0 Salle plain-pied ${tag}`).getByTestId('venue-fit')).toHaveText('Accessible pour vous');
    await expect(item(`0 Salle plain-pied ${tag}`).locator('[data-need=wheelchair]')).toContainText('Accessible');
    await shot(page, info, 'venues-fr');
    await fitsTheScreen(page);

    // The same list shared with someone who reads Arabic, right to left.
    const amir = await secondPerson(browser, info, 'ar');
    await open(amir, `/venues?need=wheelchair&kind=culture`);
    await expect(amir.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(amir.locator('h1')).toHaveText('أماكن ميسّرة الوصول');
    await expect(amir.getByTestId('venue-item').filter({ hasText: `0 Salle plain-pied ${tag}` }).getByTestId('venue-fit')).toHaveText('ميسّر لك');
    await shot(amir, info, 'venues-ar');
    await fitsTheScreen(amir);

    // A place that is someone's home: a moderator removes it, asked twice, and it leaves the list.
    const home = (await api(page, 'create_venue', { form: form(`0 Chez Paul ${tag}`), answers: [] })) as number;
    const moderatorEmail = `${unique('moderatrice')}@example.org`;
    const mod = await secondPerson(browser, info, 'fr-FR');
    await signUp(mod, moderatorEmail, 'Modératrice');
    serverCommand(info, ['role', moderatorEmail, 'moderator']);
    await open(page, `/venues/${home}`);
    await expect(page.getByTestId('remove-venue')).toHaveCount(0);
    await open(mod, `/venues/${home}`);
    await mod.getByTestId('remove-venue').click();
    await expect(mod.getByText('Retirer ce lieu pour tout le monde ?')).toBeVisible();
    await mod.getByTestId('remove-venue-confirm').click();
    await arrived(mod, /\/venues$/);
    await open(page, `/venues?kind=culture`);
    await expect(item(`0 Salle plain-pied ${tag}`)).toBeVisible();
    await expect(item(`0 Chez Paul ${tag}`)).toHaveCount(0);
  });
});
