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
/// - when the connection drops: "You are offline…"; when it comes back: a link to reload;
/// - when a new version of the site took over while the page was open: a link to reload. The
///   page goes on with its own version's code, already in memory; but code split out for a part
///   it has not shown yet may be gone from the server, so the person is asked to reload rather
///   than meet a button that does nothing.
///
/// It also shows the outbox kept by the service worker (`server/src/sw.js`): what waits to be
/// sent, what was sent since the page opened (with a link to the new listing, or where a
/// sign-up stands: a place, the waiting list), and what the server refused, with the reason, the
/// text that was typed (read-only, to copy) and, for a listing, a link to the form filled again
/// with it. It asks the worker to send the outbox when the page loads and when the connection
/// comes back.
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
var W={};
var sw=n.serviceWorker,box,news=[];
function flush(){if(sw&&sw.controller&&n.onLine)sw.controller.postMessage({type:'flush'})}
function el(t,c,x){var e=d.createElement(t);if(c)e.className=c;if(x!=null)e.textContent=x;return e}
function body(i){try{return JSON.parse(i.body)}catch(e){return{}}}
function kind(i){return i.path.slice(5)}
function typed(i){var b=body(i);return kind(i)==='create_listing'?(b.form.title+'\n\n'+b.form.description):kind(i)==='send_message'?b.body:''}
function what(i){return W[kind(i)]||''}
function title(i,f){if(!i.page||!window.caches)return f('');caches.open('entraide-pages').then(function(c){return c.match(i.page)}).then(function(r){f(r?decodeURIComponent(r.headers.get('x-entraide-title')||''):'')},function(){f('')})}
function reason(s){return W[{401:'r401',403:'r403',404:'r403',409:'r409',422:'r422',429:'r429'}[s]||'rother']}
function again(i){var b=body(i),f=b.form||{},u=new URLSearchParams();['kind','nature','category','title','description','price','expires_in_days','radius_km'].forEach(function(k){if(f[k]!=null)u.set(k,f[k])});return'/listings/new?'+u}
function items(f){if(!window.indexedDB)return f([]);var o=indexedDB.open('entraide-outbox',1);o.onupgradeneeded=function(){o.result.createObjectStore('items',{keyPath:'key'})};o.onerror=function(){f([])};o.onsuccess=function(){var db=o.result,r=db.transaction('items').objectStore('items').getAll();r.onsuccess=function(){db.close();f(r.result.sort(function(a,b){return a.at<b.at?-1:1}))}}}
function render(){items(function(list){
if(!list.length&&!news.length){if(box){box.remove();box=null}return}
if(!box){box=el('section','outbox');box.setAttribute('data-testid','outbox');box.setAttribute('aria-live','polite');var main=d.getElementById('main');(main||d.body).prepend(box)}
box.textContent='';
news.forEach(function(x){var p=el('p','outbox-sent',x.text);p.setAttribute('data-testid','outbox-sent');if(x.href){var a=el('a',null,W.see);a.href=x.href;p.append(' ',a)}box.append(p)});
if(!list.length)return;
box.append(el('h2',null,list.some(function(i){return i.state==='waiting'})?W.title:W.refused));var ul=el('ul');box.append(ul);
list.forEach(function(i){var li=el('li');li.setAttribute('data-state',i.state);li.setAttribute('data-testid','outbox-item');var head=el('p');head.append(el('strong',null,what(i)+' · '));var t=typed(i);if(t){var q=el('bdi',null,t.split('\n')[0]);head.append(q)}else{title(i,function(x){head.append(el('bdi',null,x||i.page))})}li.append(head);
if(i.state==='waiting'){li.append(el('p','muted',W.waiting))}else{
var why=el('p','form-error',reason(i.status));why.setAttribute('role','alert');li.append(why);
if(t){var id='typed-'+i.key,l=el('label',null,W.typed);l.htmlFor=id;var ta=el('textarea');ta.id=id;ta.readOnly=true;ta.dir='auto';ta.rows=3;ta.value=t;li.append(l,ta)}
var acts=el('p','actions');if(kind(i)==='create_listing'){var a=el('a','button',W.again);a.href=again(i);acts.append(a)}else if(i.page){var g=el('a','button',W.open);g.href=i.page;acts.append(g)}
var x=el('button',null,W.dismiss);x.type='button';x.setAttribute('data-testid','outbox-dismiss');x.onclick=function(){sw.controller&&sw.controller.postMessage({type:'dismiss',key:i.key})};acts.append(x);li.append(acts)}
ul.append(li)})})}
function sent(i,answer){var k=kind(i),x={text:W.sent+' '+what(i)};try{var a=JSON.parse(answer);if(k==='create_listing'&&a.id){x.text+=' · '+body(i).form.title;x.href='/listings/'+a.id}else if(k==='sign_up'){x.text=W[a==='Waiting'?'waitlisted':a==='Pending'?'pending':'registered'];x.href=i.page}}catch(e){}news.push(x)}
if(sw){var had=!!sw.controller;sw.addEventListener('message',function(e){var x=e.data||{};if(x.type==='sent')sent(x.item,x.answer);render()});sw.addEventListener('controllerchange',function(){if(had)show(m('offline-update'),true,'update');had=true})}
d.addEventListener('DOMContentLoaded',function(){copy=m('copy');try{W=JSON.parse(m('outbox'))}catch(e){}state();saved();render();flush()});
addEventListener('online',function(){state();flush()});addEventListener('offline',state);
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
        <Meta name="entraide-offline-update" content=t_string!(i18n, offline_update).to_string() />
        <Meta name="entraide-outbox" content=outbox_words(i18n.get_locale_untracked()) />
    }
}

/// The outbox's words for [`SCRIPT`], as one JSON object (the keys the script reads). The head
/// is rendered by the server only; the browser's build has no JSON writer to carry for it.
#[cfg(not(feature = "ssr"))]
fn outbox_words(_: Locale) -> String {
    String::new()
}

/// The outbox's words for [`SCRIPT`], as one JSON object (the keys the script reads).
#[cfg(feature = "ssr")]
fn outbox_words(locale: Locale) -> String {
    let words = [
        ("title", td_string!(locale, outbox_title)),
        ("waiting", td_string!(locale, outbox_waiting)),
        ("refused", td_string!(locale, outbox_not_sent)),
        ("create_listing", td_string!(locale, outbox_listing)),
        ("send_message", td_string!(locale, outbox_message)),
        ("sign_up", td_string!(locale, outbox_signup)),
        ("sent", td_string!(locale, outbox_sent)),
        ("see", td_string!(locale, outbox_see)),
        ("registered", td_string!(locale, outbox_registered)),
        ("waitlisted", td_string!(locale, outbox_waitlisted)),
        ("pending", td_string!(locale, outbox_pending)),
        ("r401", td_string!(locale, outbox_refused_signed_out)),
        ("r403", td_string!(locale, outbox_refused_gone)),
        ("r409", td_string!(locale, outbox_refused_conflict)),
        ("r422", td_string!(locale, outbox_refused_invalid)),
        ("r429", td_string!(locale, outbox_refused_limit)),
        ("rother", td_string!(locale, outbox_refused_other)),
        ("typed", td_string!(locale, outbox_typed)),
        ("again", td_string!(locale, outbox_again)),
        ("open", td_string!(locale, outbox_open)),
        ("dismiss", td_string!(locale, outbox_dismiss)),
    ];
    let map: serde_json::Map<String, serde_json::Value> = words
        .into_iter()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::from(v.to_string())))
        .collect();
    serde_json::Value::Object(map).to_string()
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
