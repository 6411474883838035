import { expect, test } from '@playwright/test';
import { fitsTheScreen, open, secondPerson, shot } from './helpers';

// The venues' own pages wait in docs/parked/venue-pages.patch for room in the client's weight budget
// (issue 19); their server side is tested in server/tests/http/venues.rs.
test.describe('accessibility rules', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('the rules that rate places are public, generated from the code, in French and Arabic', async ({ page, browser }, info) => {
    await open(page, '/accessibility');
    await expect(page).toHaveTitle(/Comment l’accessibilité est évaluée/);
    await expect(page.locator('h1')).toHaveText('Comment l’accessibilité est évaluée');
    await expect(page.getByTestId('need-rule')).toHaveCount(5);
    const wheelchair = page.locator('[data-testid=need-rule][data-need=wheelchair]');
    await expect(wheelchair).toContainText('Largeur de la porte d’entrée (cm) : au moins 80');
    await expect(wheelchair).toContainText('Non : Porte tambour ou tourniquet');
    await expect(page.locator('[data-testid=need-rule][data-need=walking]')).toContainText('ou sinon Nombre de marches à l’entrée : au plus 1');
    const questions = page.getByTestId('questions').locator('tbody tr');
    await expect(questions).toHaveCount(18);
    await expect(questions.filter({ hasText: 'Boucle magnétique' })).toContainText('accueil_equipements_malentendants: bim');
    await expect(page.getByText('« Je ne sais pas » ne compte jamais comme un oui.')).toBeVisible();
    await shot(page, info, 'accessibility-rules-fr');
    await fitsTheScreen(page);

    const reader = await secondPerson(browser, info, 'ar');
    await open(reader, '/accessibility');
    await expect(reader.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(reader.locator('h1')).toHaveText('كيف تُقيَّم إمكانية الوصول');
    await expect(reader.locator('[data-testid=need-rule][data-need=hearing] h3')).toHaveText('أصمّ أو ضعيف السمع');
    await shot(reader, info, 'accessibility-rules-ar');
    await fitsTheScreen(reader);
  });
});
