//! The app on a phone without a connection: the shell's small script that registers the service
//! worker (`server::pwa`), shows the "offline" banner and lists the pages saved on the phone on
//! `/offline`; and the words of the installed app's manifest.
//!
//! Why a hand-written script and not the wasm: it must work before and without the islands'
//! code (an offline copy of a page saved under an older version has no code left to run), it is
//! about 40 lines, and it costs the first visit no download (it is inline in the page).

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::i18n::*;

/// Registers `/sw.js` once the page has loaded, 3 s later and when the browser is idle: its
/// install fetches the built site and compiles nothing, but a phone's slow CPU and line are the
/// page's first (Lighthouse's mobile preset put the home page's blocking time at 800 ms with the
/// worker registered at `load`). Then shows a banner at the top of the page:
/// - on a copy the service worker served from the phone (its `entraide-copy` meta holds when it
///   was saved, written by the service worker): "Offline. Copy saved on this phone: <date>";
/// - when the connection drops: "You are offline…"; when it comes back: a link to reload.
///
/// On `/offline` it also lists the pages saved on the phone, newest first, with the titles the
/// service worker noted when it kept them. Dates are formatted by the browser for the page's
/// language (`Intl`), so Farsi shows Persian digits and its calendar.
pub const SCRIPT: &str = r#"(function(){
var d=document,n=navigator;
if('serviceWorker' in n){addEventListener('load',function(){setTimeout(function(){(window.requestIdleCallback||setTimeout)(function(){n.serviceWorker.register('/sw.js').catch(function(){})})},3000)})}
function m(k){var e=d.querySelector('meta[name="entraide-'+k+'"]');return e?e.content:''}
function when(iso){try{return new Intl.DateTimeFormat(d.documentElement.lang||undefined,{dateStyle:'medium',timeStyle:'short'}).format(new Date(iso))}catch(e){return iso}}
var bar,copy;
function show(text,reload,kind){
if(!bar){bar=d.createElement('div');bar.className='offline-banner';bar.setAttribute('role','status');bar.setAttribute('data-testid','offline-banner');d.body.prepend(bar)}
bar.textContent=text;bar.setAttribute('data-kind',kind);
if(reload){var a=d.createElement('a');a.href=location.href;a.textContent=m('offline-reload');bar.append(' ',a)}}
function state(){
if(copy){show(m('offline-copy')+' '+when(copy),n.onLine,'copy')}
else if(!n.onLine){show(m('offline-now'),false,'offline')}
else if(bar){show(m('offline-back'),true,'back')}}
function saved(){
var list=d.getElementById('saved-pages');if(!list)return;
var retry=d.getElementById('offline-retry');if(retry&&location.pathname!=='/offline'){retry.href=location.href}
if(!window.caches)return;
caches.open('entraide-pages').then(function(c){return c.keys().then(function(reqs){return Promise.all(reqs.map(function(r){return c.match(r).then(function(res){return{url:r.url,title:decodeURIComponent(res.headers.get('x-entraide-title')||'')||r.url,at:res.headers.get('x-entraide-saved')||''}})}))})}).then(function(items){
items.sort(function(a,b){return a.at<b.at?1:-1});
items.forEach(function(i){var li=d.createElement('li'),a=d.createElement('a');a.href=i.url;a.dir='auto';a.textContent=i.title;li.append(a);if(i.at){var t=d.createElement('small');t.textContent=' · '+when(i.at);li.append(t)}list.append(li)});
if(items.length){var none=d.getElementById('saved-none');if(none)none.hidden=true}})}
d.addEventListener('DOMContentLoaded',function(){copy=m('copy');state();saved()});
addEventListener('online',state);addEventListener('offline',state);
})();"#;

/// The banner's words in the page's language, in the head, for [`SCRIPT`].
#[component]
pub fn OfflineTexts() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Meta name="entraide-offline-copy" content=t_string!(i18n, offline_copy).to_string() />
        <Meta name="entraide-offline-now" content=t_string!(i18n, offline_now).to_string() />
        <Meta name="entraide-offline-back" content=t_string!(i18n, offline_back).to_string() />
        <Meta name="entraide-offline-reload" content=t_string!(i18n, offline_reload).to_string() />
    }
}

/// The words of the web app manifest in one language.
#[cfg(feature = "ssr")]
pub struct ManifestWords {
    pub lang: &'static str,
    pub dir: &'static str,
    pub description: String,
    pub post: String,
    pub help: String,
}

#[cfg(feature = "ssr")]
impl ManifestWords {
    pub fn of(locale: Locale) -> Self {
        Self {
            lang: locale.as_str(),
            dir: locale.direction().as_str(),
            description: td_string!(locale, tagline).to_string(),
            post: td_string!(locale, nav_new_listing).to_string(),
            help: td_string!(locale, nav_help).to_string(),
        }
    }
}
