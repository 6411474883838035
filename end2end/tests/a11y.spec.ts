import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { api, open, openMore, secondPerson, serverCommand, signUp, unique, violations } from './helpers';

for (const lang of ['fr', 'en', 'ar', 'fa', 'ur']) {
  test(`axe-core finds nothing on any page, in ${lang}`, async ({ page, browser, baseURL }, info) => {
    test.setTimeout(240_000);
    // Someone with a bit of everything: a listing, an exchange, an association with an event, a
    // described place, a support site; and moderator, so the moderation page opens.
    const email = `${unique('axe')}@example.org`;
    await signUp(page, email, 'Awa');
    serverCommand(info, ['role', email, 'moderator']);
    const other = await secondPerson(browser, info, 'fr-FR');
    await signUp(other, `${unique('axe')}@example.org`, 'Omar');
    const point = { lat: 48.8566, lng: 2.3522 };
    const listing = (await api(page, 'create_listing', {
      form: {
        kind: 'offer', nature: 'service', category: 'repairs', title: unique('Vélo réparé'),
        description: 'Je répare les vélos le samedi matin.', remote: false, price: '0', expires_in_days: '30', location: point,
      },
    })) as { id: number };
    const exchange = (await api(other, 'propose_exchange', { listing_id: listing.id, message: 'Bonjour !' })) as number;
    const otherId = ((await api(other, 'me', {})) as { id: number }).id;
    const association = (await api(page, 'create_association', {
      form: {
        name: unique('Voisins solidaires'), description: 'Des voisins qui s’entraident.', address: '1 rue de Rivoli, Paris',
        location: point, website: '', contact: '', categories: ['repairs'],
      },
    })) as number;
    const start = Math.floor(Date.now() / 1000) + 86_400;
    const activity = (await api(page, 'create_activity', {
      association_id: association,
      form: {
        kind: 'event', title: unique('Atelier'), description: 'Apprendre à réparer.', category: 'repairs', online: false,
        address: '1 rue de Rivoli, Paris', location: point, languages: ['fr'], skills: '', min_age: '',
        auto_accept: false, registration: true, slots: [{ starts_at: start, ends_at: start + 7200, capacity: '3' }],
      },
    })) as number;
    const venue = (await api(page, 'create_venue', {
      form: { name: unique('Salle des fêtes'), kind: 'culture', address: '2 rue de Rivoli, Paris', location: point, website: '', hours: '' },
      answers: [['entree_plain_pied', 'yes']],
    })) as number;
    const file = join(tmpdir(), `${unique('sites')}.geojson`);
    const here = { lat: 48.89 + Math.random() / 100, lng: 2.35 + Math.random() / 100 };
    writeFileSync(file, JSON.stringify({
      type: 'FeatureCollection',
      features: [{
        type: 'Feature', geometry: { type: 'Point', coordinates: [here.lng, here.lat] },
        properties: {
          name: unique('Douches'), description: 'Accueil sans condition.', address: 'Paris', phone: '', website: '',
          languages: ['fr'], hours: { monday: '09:00-12:00', tuesday: '', wednesday: '', thursday: '', friday: '', saturday: '', sunday: '', public_holidays: 'closed' },
          services: [{ category: 'hygiene', conditions: ['unconditional'], publics: [], pets: true, price: 'free', fullness: 'sometimes', hours: null, note: '' }],
          stops: [],
        },
      }],
    }));
    serverCommand(info, ['import-support-sites', file, String(association)]);
    const helpPage = await (await page.request.get(`/help?lat=${here.lat}&lng=${here.lng}`)).text();
    const site = Number(helpPage.match(/\/help\/sites\/(\d+)/)?.[1] ?? 0);
    expect(site).toBeGreaterThan(0);
    await other.context().close();

    const pages = [
      '/', '/listings/new', `/listings/${listing.id}`, `/listings/${listing.id}/edit`, `/users/${otherId}`,
      '/notifications', '/matching', '/accessibility', '/venues', '/help', '/offline', `/help/sites/${site}`,
      '/account', '/privacy', '/help/print', `/help/sites/${site}/edit`, `/help/new?association=${association}`, '/help/new', '/my-needs', '/venues/new', `/venues/${venue}`,
      '/exchanges', `/exchanges/${exchange}`, '/balance', '/currency', '/moderation', '/associations',
      '/associations/new', `/associations/${association}`, `/associations/${association}/edit`,
      `/associations/${association}/activities/new`, '/activities', `/activities/${activity}`,
      `/activities/${activity}/edit`, '/hours', '/insights', '/profile', '/certificates/999999', '/no-such-page',
    ];
    const visitor = ['/login', '/signup', '/forgot', '/reset?token=0', '/verify?token=0', '/verify?done=1', '/unsubscribe?key=0&kind=proposal', '/unsubscribe?done=1', '/privacy?deleted=1'];
    await page.context().addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL! }]);
    const found: string[] = [];
    const check = async (path: string) => {
      await open(page, path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      for (const v of await violations(page)) found.push(`${path}: ${v.id} (${v.impact}) ${v.help}: ${v.targets.join(', ')}`);
    };
    for (const path of pages) await check(path);
    // The "More" menu, open.
    await open(page, '/');
    await openMore(page);
    for (const v of await violations(page)) found.push(`/ (menu open): ${v.id} ${v.help}: ${v.targets.join(', ')}`);
    await page.context().clearCookies();
    await page.context().addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL! }]);
    for (const path of visitor) await check(path);
    expect(found).toEqual([]);
  });
}
