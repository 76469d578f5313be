var Qe=globalThis,Ye=Qe.ShadowRoot&&(Qe.ShadyCSS===void 0||Qe.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Tt=Symbol(),hr=new WeakMap,_e=class{constructor(r,e,t){if(this._$cssResult$=!0,t!==Tt)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=r,this.t=e}get styleSheet(){let r=this.o,e=this.t;if(Ye&&r===void 0){let t=e!==void 0&&e.length===1;t&&(r=hr.get(e)),r===void 0&&((this.o=r=new CSSStyleSheet).replaceSync(this.cssText),t&&hr.set(e,r))}return r}toString(){return this.cssText}},ur=s=>new _e(typeof s=="string"?s:s+"",void 0,Tt),x=(s,...r)=>{let e=s.length===1?s[0]:r.reduce((t,a,o)=>t+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(a)+s[o+1],s[0]);return new _e(e,s,Tt)},mr=(s,r)=>{if(Ye)s.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of r){let t=document.createElement("style"),a=Qe.litNonce;a!==void 0&&t.setAttribute("nonce",a),t.textContent=e.cssText,s.appendChild(t)}},Mt=Ye?s=>s:s=>s instanceof CSSStyleSheet?(r=>{let e="";for(let t of r.cssRules)e+=t.cssText;return ur(e)})(s):s;var{is:Pa,defineProperty:La,getOwnPropertyDescriptor:Na,getOwnPropertyNames:Fa,getOwnPropertySymbols:Ha,getPrototypeOf:Ia}=Object,Xe=globalThis,fr=Xe.trustedTypes,Oa=fr?fr.emptyScript:"",Ba=Xe.reactiveElementPolyfillSupport,be=(s,r)=>s,Ct={toAttribute(s,r){switch(r){case Boolean:s=s?Oa:null;break;case Object:case Array:s=s==null?s:JSON.stringify(s)}return s},fromAttribute(s,r){let e=s;switch(r){case Boolean:e=s!==null;break;case Number:e=s===null?null:Number(s);break;case Object:case Array:try{e=JSON.parse(s)}catch{e=null}}return e}},vr=(s,r)=>!Pa(s,r),gr={attribute:!0,type:String,converter:Ct,reflect:!1,useDefault:!1,hasChanged:vr};Symbol.metadata??=Symbol("metadata"),Xe.litPropertyMetadata??=new WeakMap;var z=class extends HTMLElement{static addInitializer(r){this._$Ei(),(this.l??=[]).push(r)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(r,e=gr){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(r)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(r,e),!e.noAccessor){let t=Symbol(),a=this.getPropertyDescriptor(r,t,e);a!==void 0&&La(this.prototype,r,a)}}static getPropertyDescriptor(r,e,t){let{get:a,set:o}=Na(this.prototype,r)??{get(){return this[e]},set(n){this[e]=n}};return{get:a,set(n){let d=a?.call(this);o?.call(this,n),this.requestUpdate(r,d,t)},configurable:!0,enumerable:!0}}static getPropertyOptions(r){return this.elementProperties.get(r)??gr}static _$Ei(){if(this.hasOwnProperty(be("elementProperties")))return;let r=Ia(this);r.finalize(),r.l!==void 0&&(this.l=[...r.l]),this.elementProperties=new Map(r.elementProperties)}static finalize(){if(this.hasOwnProperty(be("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(be("properties"))){let e=this.properties,t=[...Fa(e),...Ha(e)];for(let a of t)this.createProperty(a,e[a])}let r=this[Symbol.metadata];if(r!==null){let e=litPropertyMetadata.get(r);if(e!==void 0)for(let[t,a]of e)this.elementProperties.set(t,a)}this._$Eh=new Map;for(let[e,t]of this.elementProperties){let a=this._$Eu(e,t);a!==void 0&&this._$Eh.set(a,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(r){let e=[];if(Array.isArray(r)){let t=new Set(r.flat(1/0).reverse());for(let a of t)e.unshift(Mt(a))}else r!==void 0&&e.push(Mt(r));return e}static _$Eu(r,e){let t=e.attribute;return t===!1?void 0:typeof t=="string"?t:typeof r=="string"?r.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(r=>this.enableUpdating=r),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(r=>r(this))}addController(r){(this._$EO??=new Set).add(r),this.renderRoot!==void 0&&this.isConnected&&r.hostConnected?.()}removeController(r){this._$EO?.delete(r)}_$E_(){let r=new Map,e=this.constructor.elementProperties;for(let t of e.keys())this.hasOwnProperty(t)&&(r.set(t,this[t]),delete this[t]);r.size>0&&(this._$Ep=r)}createRenderRoot(){let r=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return mr(r,this.constructor.elementStyles),r}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(r=>r.hostConnected?.())}enableUpdating(r){}disconnectedCallback(){this._$EO?.forEach(r=>r.hostDisconnected?.())}attributeChangedCallback(r,e,t){this._$AK(r,t)}_$ET(r,e){let t=this.constructor.elementProperties.get(r),a=this.constructor._$Eu(r,t);if(a!==void 0&&t.reflect===!0){let o=(t.converter?.toAttribute!==void 0?t.converter:Ct).toAttribute(e,t.type);this._$Em=r,o==null?this.removeAttribute(a):this.setAttribute(a,o),this._$Em=null}}_$AK(r,e){let t=this.constructor,a=t._$Eh.get(r);if(a!==void 0&&this._$Em!==a){let o=t.getPropertyOptions(a),n=typeof o.converter=="function"?{fromAttribute:o.converter}:o.converter?.fromAttribute!==void 0?o.converter:Ct;this._$Em=a;let d=n.fromAttribute(e,o.type);this[a]=d??this._$Ej?.get(a)??d,this._$Em=null}}requestUpdate(r,e,t,a=!1,o){if(r!==void 0){let n=this.constructor;if(a===!1&&(o=this[r]),t??=n.getPropertyOptions(r),!((t.hasChanged??vr)(o,e)||t.useDefault&&t.reflect&&o===this._$Ej?.get(r)&&!this.hasAttribute(n._$Eu(r,t))))return;this.C(r,e,t)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(r,e,{useDefault:t,reflect:a,wrapped:o},n){t&&!(this._$Ej??=new Map).has(r)&&(this._$Ej.set(r,n??e??this[r]),o!==!0||n!==void 0)||(this._$AL.has(r)||(this.hasUpdated||t||(e=void 0),this._$AL.set(r,e)),a===!0&&this._$Em!==r&&(this._$Eq??=new Set).add(r))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let r=this.scheduleUpdate();return r!=null&&await r,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[a,o]of this._$Ep)this[a]=o;this._$Ep=void 0}let t=this.constructor.elementProperties;if(t.size>0)for(let[a,o]of t){let{wrapped:n}=o,d=this[a];n!==!0||this._$AL.has(a)||d===void 0||this.C(a,void 0,o,d)}}let r=!1,e=this._$AL;try{r=this.shouldUpdate(e),r?(this.willUpdate(e),this._$EO?.forEach(t=>t.hostUpdate?.()),this.update(e)):this._$EM()}catch(t){throw r=!1,this._$EM(),t}r&&this._$AE(e)}willUpdate(r){}_$AE(r){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(r)),this.updated(r)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(r){return!0}update(r){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(r){}firstUpdated(r){}};z.elementStyles=[],z.shadowRootOptions={mode:"open"},z[be("elementProperties")]=new Map,z[be("finalized")]=new Map,Ba?.({ReactiveElement:z}),(Xe.reactiveElementVersions??=[]).push("2.1.2");var Ot=globalThis,_r=s=>s,Je=Ot.trustedTypes,br=Je?Je.createPolicy("lit-html",{createHTML:s=>s}):void 0,kr="$lit$",q=`lit$${Math.random().toFixed(9).slice(2)}$`,Sr="?"+q,Da=`<${Sr}>`,te=document,ye=()=>te.createComment(""),we=s=>s===null||typeof s!="object"&&typeof s!="function",Bt=Array.isArray,Ua=s=>Bt(s)||typeof s?.[Symbol.iterator]=="function",Pt=`[ 	
\f\r]`,xe=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,xr=/-->/g,yr=/>/g,Z=RegExp(`>|${Pt}(?:([^\\s"'>=/]+)(${Pt}*=${Pt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),wr=/'/g,$r=/"/g,Er=/^(?:script|style|textarea|title)$/i,Dt=s=>(r,...e)=>({_$litType$:s,strings:r,values:e}),c=Dt(1),y=Dt(2),Ls=Dt(3),O=Symbol.for("lit-noChange"),u=Symbol.for("lit-nothing"),Ar=new WeakMap,ee=te.createTreeWalker(te,129);function Rr(s,r){if(!Bt(s)||!s.hasOwnProperty("raw"))throw Error("invalid template strings array");return br!==void 0?br.createHTML(r):r}var za=(s,r)=>{let e=s.length-1,t=[],a,o=r===2?"<svg>":r===3?"<math>":"",n=xe;for(let d=0;d<e;d++){let l=s[d],p,h,m=-1,f=0;for(;f<l.length&&(n.lastIndex=f,h=n.exec(l),h!==null);)f=n.lastIndex,n===xe?h[1]==="!--"?n=xr:h[1]!==void 0?n=yr:h[2]!==void 0?(Er.test(h[2])&&(a=RegExp("</"+h[2],"g")),n=Z):h[3]!==void 0&&(n=Z):n===Z?h[0]===">"?(n=a??xe,m=-1):h[1]===void 0?m=-2:(m=n.lastIndex-h[2].length,p=h[1],n=h[3]===void 0?Z:h[3]==='"'?$r:wr):n===$r||n===wr?n=Z:n===xr||n===yr?n=xe:(n=Z,a=void 0);let g=n===Z&&s[d+1].startsWith("/>")?" ":"";o+=n===xe?l+Da:m>=0?(t.push(p),l.slice(0,m)+kr+l.slice(m)+q+g):l+q+(m===-2?d:g)}return[Rr(s,o+(s[e]||"<?>")+(r===2?"</svg>":r===3?"</math>":"")),t]},$e=class s{constructor({strings:r,_$litType$:e},t){let a;this.parts=[];let o=0,n=0,d=r.length-1,l=this.parts,[p,h]=za(r,e);if(this.el=s.createElement(p,t),ee.currentNode=this.el.content,e===2||e===3){let m=this.el.content.firstChild;m.replaceWith(...m.childNodes)}for(;(a=ee.nextNode())!==null&&l.length<d;){if(a.nodeType===1){if(a.hasAttributes())for(let m of a.getAttributeNames())if(m.endsWith(kr)){let f=h[n++],g=a.getAttribute(m).split(q),_=/([.?@])?(.*)/.exec(f);l.push({type:1,index:o,name:_[2],strings:g,ctor:_[1]==="."?Nt:_[1]==="?"?Ft:_[1]==="@"?Ht:ie}),a.removeAttribute(m)}else m.startsWith(q)&&(l.push({type:6,index:o}),a.removeAttribute(m));if(Er.test(a.tagName)){let m=a.textContent.split(q),f=m.length-1;if(f>0){a.textContent=Je?Je.emptyScript:"";for(let g=0;g<f;g++)a.append(m[g],ye()),ee.nextNode(),l.push({type:2,index:++o});a.append(m[f],ye())}}}else if(a.nodeType===8)if(a.data===Sr)l.push({type:2,index:o});else{let m=-1;for(;(m=a.data.indexOf(q,m+1))!==-1;)l.push({type:7,index:o}),m+=q.length-1}o++}}static createElement(r,e){let t=te.createElement("template");return t.innerHTML=r,t}};function ne(s,r,e=s,t){if(r===O)return r;let a=t!==void 0?e._$Co?.[t]:e._$Cl,o=we(r)?void 0:r._$litDirective$;return a?.constructor!==o&&(a?._$AO?.(!1),o===void 0?a=void 0:(a=new o(s),a._$AT(s,e,t)),t!==void 0?(e._$Co??=[])[t]=a:e._$Cl=a),a!==void 0&&(r=ne(s,a._$AS(s,r.values),a,t)),r}var Lt=class{constructor(r,e){this._$AV=[],this._$AN=void 0,this._$AD=r,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(r){let{el:{content:e},parts:t}=this._$AD,a=(r?.creationScope??te).importNode(e,!0);ee.currentNode=a;let o=ee.nextNode(),n=0,d=0,l=t[0];for(;l!==void 0;){if(n===l.index){let p;l.type===2?p=new Ae(o,o.nextSibling,this,r):l.type===1?p=new l.ctor(o,l.name,l.strings,this,r):l.type===6&&(p=new It(o,this,r)),this._$AV.push(p),l=t[++d]}n!==l?.index&&(o=ee.nextNode(),n++)}return ee.currentNode=te,a}p(r){let e=0;for(let t of this._$AV)t!==void 0&&(t.strings!==void 0?(t._$AI(r,t,e),e+=t.strings.length-2):t._$AI(r[e])),e++}},Ae=class s{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(r,e,t,a){this.type=2,this._$AH=u,this._$AN=void 0,this._$AA=r,this._$AB=e,this._$AM=t,this.options=a,this._$Cv=a?.isConnected??!0}get parentNode(){let r=this._$AA.parentNode,e=this._$AM;return e!==void 0&&r?.nodeType===11&&(r=e.parentNode),r}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(r,e=this){r=ne(this,r,e),we(r)?r===u||r==null||r===""?(this._$AH!==u&&this._$AR(),this._$AH=u):r!==this._$AH&&r!==O&&this._(r):r._$litType$!==void 0?this.$(r):r.nodeType!==void 0?this.T(r):Ua(r)?this.k(r):this._(r)}O(r){return this._$AA.parentNode.insertBefore(r,this._$AB)}T(r){this._$AH!==r&&(this._$AR(),this._$AH=this.O(r))}_(r){this._$AH!==u&&we(this._$AH)?this._$AA.nextSibling.data=r:this.T(te.createTextNode(r)),this._$AH=r}$(r){let{values:e,_$litType$:t}=r,a=typeof t=="number"?this._$AC(r):(t.el===void 0&&(t.el=$e.createElement(Rr(t.h,t.h[0]),this.options)),t);if(this._$AH?._$AD===a)this._$AH.p(e);else{let o=new Lt(a,this),n=o.u(this.options);o.p(e),this.T(n),this._$AH=o}}_$AC(r){let e=Ar.get(r.strings);return e===void 0&&Ar.set(r.strings,e=new $e(r)),e}k(r){Bt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,t,a=0;for(let o of r)a===e.length?e.push(t=new s(this.O(ye()),this.O(ye()),this,this.options)):t=e[a],t._$AI(o),a++;a<e.length&&(this._$AR(t&&t._$AB.nextSibling,a),e.length=a)}_$AR(r=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);r!==this._$AB;){let t=_r(r).nextSibling;_r(r).remove(),r=t}}setConnected(r){this._$AM===void 0&&(this._$Cv=r,this._$AP?.(r))}},ie=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(r,e,t,a,o){this.type=1,this._$AH=u,this._$AN=void 0,this.element=r,this.name=e,this._$AM=a,this.options=o,t.length>2||t[0]!==""||t[1]!==""?(this._$AH=Array(t.length-1).fill(new String),this.strings=t):this._$AH=u}_$AI(r,e=this,t,a){let o=this.strings,n=!1;if(o===void 0)r=ne(this,r,e,0),n=!we(r)||r!==this._$AH&&r!==O,n&&(this._$AH=r);else{let d=r,l,p;for(r=o[0],l=0;l<o.length-1;l++)p=ne(this,d[t+l],e,l),p===O&&(p=this._$AH[l]),n||=!we(p)||p!==this._$AH[l],p===u?r=u:r!==u&&(r+=(p??"")+o[l+1]),this._$AH[l]=p}n&&!a&&this.j(r)}j(r){r===u?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,r??"")}},Nt=class extends ie{constructor(){super(...arguments),this.type=3}j(r){this.element[this.name]=r===u?void 0:r}},Ft=class extends ie{constructor(){super(...arguments),this.type=4}j(r){this.element.toggleAttribute(this.name,!!r&&r!==u)}},Ht=class extends ie{constructor(r,e,t,a,o){super(r,e,t,a,o),this.type=5}_$AI(r,e=this){if((r=ne(this,r,e,0)??u)===O)return;let t=this._$AH,a=r===u&&t!==u||r.capture!==t.capture||r.once!==t.once||r.passive!==t.passive,o=r!==u&&(t===u||a);a&&this.element.removeEventListener(this.name,this,t),o&&this.element.addEventListener(this.name,this,r),this._$AH=r}handleEvent(r){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,r):this._$AH.handleEvent(r)}},It=class{constructor(r,e,t){this.element=r,this.type=6,this._$AN=void 0,this._$AM=e,this.options=t}get _$AU(){return this._$AM._$AU}_$AI(r){ne(this,r)}};var ja=Ot.litHtmlPolyfillSupport;ja?.($e,Ae),(Ot.litHtmlVersions??=[]).push("3.3.3");var Tr=(s,r,e)=>{let t=e?.renderBefore??r,a=t._$litPart$;if(a===void 0){let o=e?.renderBefore??null;t._$litPart$=a=new Ae(r.insertBefore(ye(),o),o,void 0,e??{})}return a._$AI(s),a};var Ut=globalThis,w=class extends z{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let r=super.createRenderRoot();return this.renderOptions.renderBefore??=r.firstChild,r}update(r){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(r),this._$Do=Tr(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return O}};w._$litElement$=!0,w.finalized=!0,Ut.litElementHydrateSupport?.({LitElement:w});var Ka=Ut.litElementPolyfillSupport;Ka?.({LitElement:w});(Ut.litElementVersions??=[]).push("4.2.2");var zt=["connectivity","alarm","active_alarms","contactor","current_a","current_b","current_c","current_n","voltage_a","voltage_b","voltage_c","line_voltage_ab","line_voltage_bc","line_voltage_ca","leakage_current","cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n","box_temperature","power","active_power","active_power_a","active_power_b","active_power_c","power_factor","frequency","energy","unbalance","voltage_unbalance","current_unbalance","voltage_qualification_rate","overcurrent_threshold","leakage_threshold","cable_temperature_threshold","box_temperature_threshold","overvoltage_threshold","undervoltage_threshold"],Mr=["active","acknowledged","cleared"],G=["active","acknowledged"],Cr=["overcurrent","leakage","cable_over_temperature","box_over_temperature","overvoltage","undervoltage","phase_loss","unbalance","power_fault","sensor_fault","contactor_tripped","offline","gateway_unreachable"],Pr=["offline","gateway_unreachable"];var ce=s=>s.callWS({type:"safe_power/fleet"}),Ze=(s,r)=>s.callWS({type:"safe_power/alarms",...r}),Lr=(s,r)=>s.callWS({type:"safe_power/acknowledge",alarm_ids:r}),Nr=(s,r)=>s.callWS({type:"safe_power/power_off",alarm_id:r}),Fr=[{start:"00:00",period:"valley"},{start:"07:00",period:"flat"},{start:"08:00",period:"peak"},{start:"11:00",period:"flat"},{start:"18:00",period:"peak"},{start:"23:00",period:"valley"}],Hr="system-admin",Ir=async s=>{let r=await s.callWS({type:"safe_power/settings"});return{...r,tariff:r.tariff??null}},Or=async(s,r)=>{let e=await s.callWS({type:"safe_power/settings/update",...r});return{...e,tariff:e.tariff??null}},Br=s=>s.callWS({type:"config/auth/list"}),Dr=s=>s.callWS({type:"config/area_registry/list"}),Ur=(s,r,e)=>s.callService("switch",e?"turn_on":"turn_off",{entity_id:r}),zr=["day","month","year","custom"],ke=["sharp","peak","flat","valley"];async function jr(s,r){let{response:e}=await s.callService("safe_power","report",{...r},void 0,!1,!0);if(typeof e!="object"||e===null||!("summary"in e))throw new Error("safe_power.report answered without a report");return e}function R(s){if(typeof s=="object"&&s!==null&&"message"in s){let{message:r}=s;if(typeof r=="string"&&r)return r}return String(s)}function Kr(s,r){let e=(a,o)=>a===void 0||a.includes(o),t=Date.parse(s.time);return e(r.states,s.state)&&e(r.causes,s.cause)&&e(r.area_ids,s.area_id??"")&&e(r.device_ids,s.device_id??"")&&(r.start===void 0||t>=Date.parse(r.start))&&(r.end===void 0||t<=Date.parse(r.end))}var le=class{constructor(){this.listeners=new Set;this.resync=()=>this.listeners.forEach(r=>r.onResync())}start(r){return this.subscription||(this.connection=r.connection,this.connection.addEventListener("ready",this.resync),this.subscription=r.connection.subscribeMessage(e=>this.listeners.forEach(t=>t.onEvent(e)),{type:"safe_power/subscribe_alarms"})),this.subscription}stop(){let r=this.subscription;this.subscription=void 0,this.connection?.removeEventListener("ready",this.resync),this.connection=void 0,r?.then(e=>e()).catch(()=>{})}listen(r){return this.listeners.add(r),()=>this.listeners.delete(r)}};var E=s=>s.locale?.language??s.language,Vr=new Map;function qr(s,r){let e=Vr.get(s);return e||(e=r(),Vr.set(s,e)),e}function Gr(s){let r=Math.abs(s);return r>=100?1:r>=10?2:3}function Wr(s){let r=Math.abs(s);return r>=100?0:r>=10?1:2}function P(s,r,e=Gr(r)){return qr(`n|${s}|${e}`,()=>{try{return new Intl.NumberFormat(s,{maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{maximumFractionDigits:e})}}).format(r)}var Qr=(s,r)=>P(s,r*100,0)+"%";function C(s,r,e,t=Gr(r)){let a=P(s,r,t);return e?e==="%"?`${a}%`:`${a} ${e}`:a}function Yr(s,r){if(r.value===null)return"";let e=C(s,r.value,r.unit);if(r.threshold===null||r.limit===null)return e;let t=r.limit==="above"?">":"<";return`${e} ${t} ${C(s,r.threshold,r.unit)}`}function Se(s,r,e=E(s)){let t=s.config.time_zone;return qr(`d|${e}|${t}|${JSON.stringify(r)}`,()=>{try{return new Intl.DateTimeFormat(e,{...r,timeZone:t})}catch{return new Intl.DateTimeFormat(void 0,r)}})}var de=(s,r)=>Se(s,{dateStyle:"medium",timeStyle:"medium"}).format(new Date(r));function W(s,r){let e=Se(s,{year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",hourCycle:"h23"},"en").formatToParts(new Date(r)),t=a=>e.find(o=>o.type===a)?.value??"";return`${t("year")}-${t("month")}-${t("day")} ${t("hour")}:${t("minute")}:${t("second")}`}var Xr=(s,r)=>Se(s,{dateStyle:"medium",timeStyle:"short"}).format(new Date(r)),pe=s=>W(s,new Date().toISOString()).slice(0,16).replace(" ","T");function jt(s,r){let[e,t]=W(s,new Date(r).toISOString()).split(" "),[a,o,n]=e.split("-").map(Number),[d,l,p]=t.split(":").map(Number);return Math.round((Date.UTC(a,o-1,n,d,l,p)-Math.floor(r/1e3)*1e3)/6e4)}function Jr(s,r,e){return Se(s,e?{month:"short",day:"numeric"}:{hour:"numeric",minute:"2-digit"}).format(new Date(r))}var Zr=(s,r)=>Se(s,{month:"short",day:"numeric",hour:"numeric",minute:"2-digit"}).format(new Date(r));function Kt(s,r){let[e,t]=r.split("T"),[a,o,n]=e.split("-").map(Number),[d,l]=t.split(":").map(Number),p=Date.UTC(a,o-1,n,d,l),h=_=>jt(s,_),m=h(p-h(p)*6e4),f=_=>String(_).padStart(2,"0"),g=Math.abs(m);return`${e}T${f(d)}:${f(l)}:00${m<0?"-":"+"}${f(Math.floor(g/60))}:${f(g%60)}`}function ea(s,r){let[e,t,a]=s.split("-").map(Number);return new Date(Date.UTC(e,t-1,a+r)).toISOString().slice(0,10)}var ta=s=>s.toLowerCase().startsWith("zh")?"zh":"en",et=s=>ta(s.locale?.language??s.language),tt=()=>ta(document.documentElement.lang),Vt={en:"English",zh:"中文"},Va={title:"Safe Power",menu:"Menu",tab_overview:"Overview",tab_alarms:"Alarms",tab_plan:"Floor plan",tab_reports:"Reports",back:"Back",loading:"Loading…",retry:"Retry",close:"Close",cancel:"Cancel",working:"Working…",fleet_error:"Could not read the boxes: {message}",feed_error:"Live alarm updates are off: {message}",no_boxes:"No Safe Power boxes yet: add a gateway or an MQTT box in Settings → Devices & services",box_gone:"This box is no longer in Safe Power.",state_normal:"Normal",state_warning:"Alarm acknowledged",state_alarm:"Alarm",state_offline:"Offline",state_power_off:"Power off",count_boxes:"Boxes",search:"Search name, area, location, serial",no_match:"No box matches.",show_all:"Show all",floor_ground:"Ground floor",floor_above:"Floor {level}",floor_below:"Basement {level}",no_floor:"No floor",no_area:"No area",fig_current:"Current",fig_leakage:"Leakage",fig_cable:"Cable",fig_power:"Power",open_alarms:"Open alarms: {count}",filter_state:"State",filter_cause:"Cause",filter_area:"Area",filter_time:"Time",all_states:"All",all_causes:"All causes",all_areas:"All areas",range_day:"Last 24 h",range_week:"Last 7 days",range_month:"Last 30 days",range_all:"All time",alarm_active:"Active",alarm_acknowledged:"Acknowledged",alarm_cleared:"Cleared",alarm_open:"Not cleared",col_time:"Time",col_box:"Box",col_cause:"Cause",col_value:"Value / limit",col_state:"State",col_actions:"Actions",acknowledge:"Acknowledge",acknowledge_all:"Acknowledge all ({count})",power_off:"Power off",power_on:"Power on",export_csv:"Export CSV",no_alarms:"No alarms match these filters.",no_box_alarms:"No alarms for this box.",showing:"{shown} of {total}",show_more:"Show more",acknowledged_by:"Acknowledged by {who} · {time}",cleared_at:"Cleared · {time}",received_late:"Received late · {time}",power_by:"{command} by {who} · {time}",power_box:"({box})",power_line:"{action}: {result}",who_via:"{user} ({via})",power_confirmed:"confirmed by read-back",power_failed:"failed: {error}",covered:"Covered by the detector's alarm",origin_device:"Detector",origin_home_assistant:"Home Assistant",origin_user_limit:"User limit",via_app:"phone",via_dashboard:"dashboard",via_service:"action",via_automation:"automation",more:"More",less:"Less",likelihood:"{percent} likely",power_title:"Cut the power?",power_body:"The contactor of {box} opens: everything this box supplies loses power until it is switched on again.",power_on_title:"Restore the power?",power_on_body:"The contactor of {box} closes and the power returns. Make sure nobody is working on its circuits.",power_for:"For: {cause}",power_done:"Power cut, confirmed by read-back",power_on_done:"Power restored, confirmed by read-back",power_error:"Power off failed: {error}",power_on_error:"Power on failed: {error}",serial:"Serial",transport:"Connection",area:"Area",floor:"Floor",location:"Location",contactor:"Contactor",contactor_on:"Closed: power on",contactor_off:"Open: power off",live_values:"Live values",alarms_heading:"Alarms",open_device:"Open device page",unavailable:"Unavailable",unknown:"Unknown",online:"Online",alarm_on:"Alarm",alarm_off:"No alarm",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}: {value}",csv_file:"safe-power-alarms",csv_time:"Time",csv_received:"Received",csv_box:"Box",csv_serial:"Serial",csv_area:"Area",csv_location:"Location",csv_floor:"Floor",csv_cause:"Cause",csv_origin:"Raised by",csv_value:"Value",csv_threshold:"Limit",csv_unit:"Unit",csv_channel:"Measurement",csv_state:"State",csv_ack_by:"Acknowledged by",csv_ack_at:"Acknowledged at",csv_cleared:"Cleared at",csv_power:"Power actions",csv_diagnosis:"Diagnosis",csv_covered:"Covered by",report_period:"Period",report_day:"Day",report_month:"Month",report_year:"Year",report_custom:"From… to…",report_date_day:"Day",report_date_month:"Any day of the month",report_date_year:"Any day of the year",report_start:"From",report_end:"To",report_bad_range:"The end must come after the start.",report_scope:"Boxes",scope_all:"All boxes",scope_area:"One area",scope_boxes:"Chosen boxes",report_pick_boxes:"Choose at least one box.",report_language:"Language",make_report:"Make the report",making_report:"Making the report…",report_slow:"A year's report can take a few seconds.",report_error:"The report failed: {message}",report_title:"Report {label}",report_scope_count:"{count} boxes",report_no_data:"Nothing was recorded for these boxes in this period: no statistics, no alarms.",fig_energy:"Energy",fig_max_demand:"Maximum demand",fig_qualification:"Voltage qualification rate",fig_alarms:"Alarms",no_data:"No data",demand_at:"at {time}",alarms_open:"{count} not cleared",alarms_unacknowledged:"{count} not acknowledged",alarms_covered:"{count} more covered by the detector's alarm, not counted",worst_box:"Most alarms: {box} ({count})",period_sharp:"Critical peak",period_peak:"Peak",period_flat:"Flat",period_valley:"Valley",by_cause:"Alarms by cause",no_report_alarms:"No alarms in this period.",open_printable:"Open the printable report",download_csv:"Download CSV",report_no_files:"Home Assistant sent no links to the report's files (it has no web server).",plan_none:"No box has a position on a floor plan yet.",plan_label:"Floor plan: {floor}",plan_grid:"Grid: {step} m · north is up",plan_north:"N",on_map:"On the map",on_map_hint:"These boxes have a latitude and longitude, but no position on a floor plan.",open_map:"Open the map",not_placed:"Not placed",not_placed_hint:"Give a box its place (x/y in metres from a corner of the building, or its latitude and longitude) where you change its name and location: Settings → Devices & services → Safe Power.",card_alarms_name:"Safe Power alarms",card_alarms_description:"The alarm list: acknowledge alarms and cut the power from a dashboard.",card_box_name:"Safe Power box",card_box_description:"One box: its state, key figures, contactor and alarms not yet cleared.",none_active:"No active alarms.",none_acknowledged:"No acknowledged alarms.",none_open:"No alarms left to clear.",none_all:"No alarms.",open_panel:"Open in Safe Power",card_bad_config:"The card's configuration must be a mapping (key: value).",card_bad_state:"state must be active, acknowledged or all, not {value}.",card_bad_limit:"limit must be a whole number from 1 to 100, not {value}.",card_bad_area:"area_id must be the id of an area (text), not {value}.",card_need_device:"give device_id: the device id of a Safe Power box (the end of its device page's address).",card_no_box:"No Safe Power box has the device id {id}.",history:"History",history_range:"Period",history_6h:"6 h",history_24h:"24 h",history_7d:"7 days",history_error:"Could not read the history: {message}",chart_current:"Current",chart_temperature:"Temperature",chart_leakage:"Leakage current",chart_box:"Box",chart_limit:"Limit {value}",chart_cable_limit:"Cable limit {value}",chart_box_limit:"Box limit {value}",chart_no_data:"Nothing recorded in this period",chart_off_scale:"(above the scale)",chart_keys:"{chart}: the arrow keys move through time",phase_a:"Phase A",phase_b:"Phase B",phase_c:"Phase C",phase_n:"Neutral",tab_settings:"Settings",settings_admin_only:"Only administrators can change the panel's settings.",settings_load_error:"Could not read the settings: {message}",settings_notice_title:"This shapes the panel; it is not a security boundary",settings_notice:"These settings change only what this panel shows and offers: who sees Power off and Power on, and which boxes a user's panel lists. Home Assistant has no per-user entity permissions: every user who can log in can still read every box's states in Home Assistant's own dashboards, history and API, and call any action, the contactor's switch included.",settings_units:"Where units (tenants, shops, departments) must not see or switch each other's boxes, give each unit a Home Assistant of its own, fed only its boxes over MQTT:",settings_units_link:"docs/panel.md, “Units”",users_heading:"Users",users_hint:"Administrators may always cut power and always see every box: they are not listed. A user without areas sees every box.",col_user:"User",col_can_power:"May cut power",col_areas:"Areas shown",can_power:"Power off / on",choose_areas:"Choose areas",choose_areas_for:"Areas shown to {user}",done:"Done",filter_areas:"Filter areas",clear_areas:"Show every area",areas_chosen:"Shows only the boxes of these {count} areas.",areas_chosen_one:"Shows only the boxes of this area.",areas_none_chosen:"No area chosen: this user sees every box.",remove_area:"Remove {area}",no_area_match:"No area matches.",no_users:"No other users yet: add them in Settings → People.",user_inactive:"inactive",save:"Save",saving:"Saving…",saved:"Saved",unsaved:"Unsaved changes",discard:"Discard changes",save_error:"Could not save: {message}",settings_stale:"Saving drops what the settings still name but Home Assistant no longer has: {names}",chart_mean_range:"{mean} ({min} – {max})",chart_hourly:"Hourly mean, with each hour's lowest and highest",tariff_heading:"Time-of-use schedule for reports",tariff_hint:"The reports split energy into critical peak, peak, flat and valley by this daily schedule (local time). Each period runs from its start until the next one.",tariff_default_used:"The default schedule is used",tariff_custom:"This site's own schedule",tariff_bar:"The day's periods, 00:00 to 24:00",tariff_start:"From",tariff_period:"Period",tariff_start_of:"Start of period {row}",tariff_period_of:"Period {row}",tariff_remove:"Remove the period from {start}",tariff_add:"Add a period",tariff_use_default:"Use the default",tariff_empty:"The schedule needs at least one period.",tariff_bad_time:"Period {row} has no valid start time (HH:MM).",tariff_first:"The first period must start at 00:00, not {start}.",tariff_order:"Each period must start after the one before it: {start} is not after {previous}.",tariff_invalid:"Fix the time-of-use schedule to save"},qa={title:"安全用电",menu:"菜单",tab_overview:"总览",tab_alarms:"报警",tab_plan:"平面图",tab_reports:"报表",back:"返回",loading:"加载中…",retry:"重试",close:"关闭",cancel:"取消",working:"执行中…",fleet_error:"读取配电箱失败：{message}",feed_error:"报警实时推送已中断：{message}",no_boxes:"还没有安全用电配电箱：请在“设置 → 设备与服务”中添加网关或 MQTT 配电箱",box_gone:"该配电箱已不在安全用电中。",state_normal:"正常",state_warning:"报警已确认",state_alarm:"报警",state_offline:"离线",state_power_off:"已断电",count_boxes:"配电箱",search:"搜索名称、区域、安装位置、编号",no_match:"没有符合条件的配电箱。",show_all:"显示全部",floor_ground:"1 层",floor_above:"{level} 层",floor_below:"地下 {level} 层",no_floor:"未设楼层",no_area:"未分配区域",fig_current:"电流",fig_leakage:"剩余电流",fig_cable:"线缆温度",fig_power:"功率",open_alarms:"未恢复报警：{count}",filter_state:"状态",filter_cause:"报警类型",filter_area:"区域",filter_time:"时间",all_states:"全部",all_causes:"全部类型",all_areas:"全部区域",range_day:"近 24 小时",range_week:"近 7 天",range_month:"近 30 天",range_all:"全部时间",alarm_active:"未确认",alarm_acknowledged:"已确认",alarm_cleared:"已恢复",alarm_open:"未恢复",col_time:"时间",col_box:"配电箱",col_cause:"报警类型",col_value:"测量值 / 报警值",col_state:"状态",col_actions:"操作",acknowledge:"确认",acknowledge_all:"全部确认（{count}）",power_off:"分闸断电",power_on:"合闸送电",export_csv:"导出 CSV",no_alarms:"没有符合条件的报警。",no_box_alarms:"该配电箱没有报警记录。",showing:"显示 {shown} 条，共 {total} 条",show_more:"加载更多",acknowledged_by:"{who} 已确认 · {time}",cleared_at:"已恢复 · {time}",received_late:"延迟接收 · {time}",power_by:"{who} {command} · {time}",power_box:"（{box}）",power_line:"{action}：{result}",who_via:"{user}（{via}）",power_confirmed:"已回读确认",power_failed:"失败：{error}",covered:"已由探测器报警覆盖",origin_device:"探测器",origin_home_assistant:"Home Assistant",origin_user_limit:"自定义限值",via_app:"手机",via_dashboard:"控制面板",via_service:"服务调用",via_automation:"自动化",more:"展开",less:"收起",likelihood:"可能性 {percent}",power_title:"确认分闸断电？",power_body:"将断开 {box} 的接触器，该箱所带负载全部断电，直到重新合闸。",power_on_title:"确认合闸送电？",power_on_body:"将闭合 {box} 的接触器恢复供电。请确认无人在该箱回路上作业。",power_for:"报警：{cause}",power_done:"已分闸断电，已回读确认",power_on_done:"已合闸送电，已回读确认",power_error:"分闸失败：{error}",power_on_error:"合闸失败：{error}",serial:"编号",transport:"通信方式",area:"区域",floor:"楼层",location:"安装位置",contactor:"接触器",contactor_on:"合闸（供电中）",contactor_off:"分闸（已断电）",live_values:"实时数据",alarms_heading:"报警记录",open_device:"打开设备页面",unavailable:"不可用",unknown:"未知",online:"在线",alarm_on:"报警",alarm_off:"无报警",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}：{value}",csv_file:"安全用电报警记录",csv_time:"报警时间",csv_received:"接收时间",csv_box:"配电箱",csv_serial:"编号",csv_area:"区域",csv_location:"安装位置",csv_floor:"楼层",csv_cause:"报警类型",csv_origin:"报警来源",csv_value:"测量值",csv_threshold:"报警值",csv_unit:"单位",csv_channel:"测量项",csv_state:"状态",csv_ack_by:"确认人",csv_ack_at:"确认时间",csv_cleared:"恢复时间",csv_power:"断电操作",csv_diagnosis:"诊断",csv_covered:"覆盖该报警的报警",report_period:"报表周期",report_day:"日报",report_month:"月报",report_year:"年报",report_custom:"自定义时段",report_date_day:"日期",report_date_month:"月份（选该月任一天）",report_date_year:"年份（选该年任一天）",report_start:"开始时间",report_end:"结束时间",report_bad_range:"结束时间须晚于开始时间。",report_scope:"统计范围",scope_all:"全部配电箱",scope_area:"按区域",scope_boxes:"指定配电箱",report_pick_boxes:"请至少选择一个配电箱。",report_language:"报表语言",make_report:"生成报表",making_report:"正在生成报表…",report_slow:"年报数据较多，可能需要几秒钟。",report_error:"生成报表失败：{message}",report_title:"{label} 报表",report_scope_count:"共 {count} 个配电箱",report_no_data:"这些配电箱本期没有任何记录：既无统计数据，也无报警。",fig_energy:"用电量",fig_max_demand:"最大需量",fig_qualification:"电压合格率",fig_alarms:"报警次数",no_data:"无数据",demand_at:"出现于 {time}",alarms_open:"未恢复 {count} 条",alarms_unacknowledged:"未确认 {count} 条",alarms_covered:"另有 {count} 条已由探测器报警覆盖，未计入",worst_box:"报警最多：{box}（{count} 条）",period_sharp:"尖峰",period_peak:"峰",period_flat:"平",period_valley:"谷",by_cause:"报警分类统计",no_report_alarms:"本期无报警。",open_printable:"打开可打印报表",download_csv:"下载 CSV",report_no_files:"Home Assistant 未返回报表文件的链接（未启用网页服务）。",plan_none:"还没有配电箱标注平面位置。",plan_label:"{floor}平面图",plan_grid:"网格：{step} 米 · 上北下南",plan_north:"北",on_map:"地图上的配电箱",on_map_hint:"这些配电箱只填写了经纬度，没有平面坐标。",open_map:"打开地图",not_placed:"未标注位置",not_placed_hint:"请在“设置 → 设备与服务 → 安全用电”中修改配电箱的名称和位置，填写平面坐标（X/Y，从楼角量起，单位米）或经纬度。",card_alarms_name:"安全用电报警",card_alarms_description:"报警列表：在仪表盘上确认报警、分闸断电。",card_box_name:"安全用电配电箱",card_box_description:"单个配电箱：状态、关键数据、接触器和未恢复的报警。",none_active:"没有未确认的报警。",none_acknowledged:"没有已确认的报警。",none_open:"没有未恢复的报警。",none_all:"没有报警记录。",open_panel:"在安全用电中打开",card_bad_config:"卡片配置须为键值对（key: value）。",card_bad_state:"state 只能是 active、acknowledged 或 all，不能是 {value}。",card_bad_limit:"limit 须为 1 到 100 的整数，不能是 {value}。",card_bad_area:"area_id 须为区域 ID（文本），不能是 {value}。",card_need_device:"请填写 device_id：安全用电配电箱的设备 ID（即其设备页面网址的最后一段）。",card_no_box:"安全用电中没有设备 ID 为 {id} 的配电箱。",history:"历史曲线",history_range:"时间范围",history_6h:"6 小时",history_24h:"24 小时",history_7d:"7 天",history_error:"读取历史数据失败：{message}",chart_current:"电流",chart_temperature:"温度",chart_leakage:"剩余电流",chart_box:"箱体",chart_limit:"报警值 {value}",chart_cable_limit:"线缆报警值 {value}",chart_box_limit:"箱体报警值 {value}",chart_no_data:"该时段没有记录",chart_off_scale:"（超出纵轴）",chart_keys:"{chart}：用方向键按时间查看",phase_a:"A相",phase_b:"B相",phase_c:"C相",phase_n:"N线",tab_settings:"设置",settings_admin_only:"只有管理员可以修改面板设置。",settings_load_error:"读取设置失败：{message}",settings_notice_title:"这些设置只影响面板显示，不是安全隔离",settings_notice:"这些设置只改变本面板显示和提供的内容：哪些用户能看到“分闸断电”“合闸送电”，以及用户的面板列出哪些配电箱。Home Assistant 没有按用户划分的实体权限：能登录的用户仍可通过 Home Assistant 自带的仪表盘、历史记录和 API 读取所有配电箱的状态，并调用任何服务（包括接触器开关）。",settings_units:"如果各单位（租户、商铺、部门）之间不得互相查看或操作配电箱，请为每个单位单独部署一套 Home Assistant，通过 MQTT 只接收本单位的配电箱：",settings_units_link:"见 docs/panel.md 的“二级单位”一节",users_heading:"用户",users_hint:"管理员始终可以分合闸、查看所有配电箱，不在此列出。未指定区域的用户可查看所有配电箱。",col_user:"用户",col_can_power:"允许分合闸",col_areas:"显示的区域",can_power:"分闸 / 合闸",choose_areas:"选择区域",choose_areas_for:"{user}的面板显示的区域",done:"完成",filter_areas:"筛选区域",clear_areas:"显示全部区域",areas_chosen:"只显示这 {count} 个区域的配电箱。",areas_chosen_one:"只显示该区域的配电箱。",areas_none_chosen:"未选择区域：该用户可查看所有配电箱。",remove_area:"移除{area}",no_area_match:"没有符合条件的区域。",no_users:"还没有其他用户：请在“设置 → 人员”中添加。",user_inactive:"已停用",save:"保存",saving:"保存中…",saved:"已保存",unsaved:"有未保存的修改",discard:"放弃修改",save_error:"保存失败：{message}",settings_stale:"保存时将删除设置中仍然引用、但 Home Assistant 中已不存在的用户或区域：{names}",chart_mean_range:"{mean}（{min}–{max}）",chart_hourly:"每小时平均值，阴影为该小时的最小–最大值",tariff_heading:"报表分时电价时段",tariff_hint:"报表按此每日时段（当地时间）把电量分为尖峰、峰、平、谷。每个时段从其开始时间持续到下一个时段开始。",tariff_default_used:"正在使用默认时段",tariff_custom:"本站自定义时段",tariff_bar:"全天各时段，00:00 至 24:00",tariff_start:"开始时间",tariff_period:"时段",tariff_start_of:"第 {row} 段的开始时间",tariff_period_of:"第 {row} 段的时段",tariff_remove:"删除 {start} 开始的时段",tariff_add:"添加时段",tariff_use_default:"恢复默认",tariff_empty:"至少需要一个时段。",tariff_bad_time:"第 {row} 段的开始时间无效（应为 HH:MM）。",tariff_first:"第一段必须从 00:00 开始，而不是 {start}。",tariff_order:"每段的开始时间必须晚于上一段：{start} 不晚于 {previous}。",tariff_invalid:"请先修正分时电价时段再保存"},Ga={en:Va,zh:qa};function i(s,r,e={}){return Ga[s][r].replace(/\{(\w+)\}/g,(t,a)=>a in e?String(e[a]):t)}function rt(s,r){return r<0?i(s,"floor_below",{level:-r}):r===0?i(s,"floor_ground"):i(s,"floor_above",{level:s==="zh"?r+1:r})}var Wa={en:{overcurrent:"Overload",leakage:"Residual current (leakage)",cable_over_temperature:"Cable over-temperature",box_over_temperature:"Box over-temperature",overvoltage:"Overvoltage",undervoltage:"Undervoltage",phase_loss:"Phase loss",unbalance:"Unbalance",power_fault:"Power fault",sensor_fault:"Sensor fault",contactor_tripped:"Contactor tripped",offline:"Offline",gateway_unreachable:"Gateway unreachable"},zh:{overcurrent:"过流（过载）",leakage:"剩余电流（漏电）",cable_over_temperature:"线缆超温",box_over_temperature:"箱体超温",overvoltage:"过压",undervoltage:"欠压",phase_loss:"缺相",unbalance:"三相不平衡",power_fault:"电源故障",sensor_fault:"传感器故障",contactor_tripped:"接触器脱扣",offline:"离线",gateway_unreachable:"网关通信中断"}},H=(s,r)=>Wa[s][r]??r,at=(s,r)=>i(s,`origin_${r}`),Qa=["app","dashboard","service","automation"];function qt(s,r){let e=Qa.find(t=>t===r);return e?i(s,`via_${e}`):r}var ra={en:{contactor:"Contactor",connectivity:"Connection",alarm:"Detector alarm",active_alarms:"Active alarms",current_a:"Phase A current",current_b:"Phase B current",current_c:"Phase C current",current_n:"Neutral current",voltage_a:"Phase A voltage",voltage_b:"Phase B voltage",voltage_c:"Phase C voltage",line_voltage_ab:"Line voltage A-B",line_voltage_bc:"Line voltage B-C",line_voltage_ca:"Line voltage C-A",leakage_current:"Leakage current",cable_temperature_a:"Phase A cable temperature",cable_temperature_b:"Phase B cable temperature",cable_temperature_c:"Phase C cable temperature",cable_temperature_n:"Neutral cable temperature",box_temperature:"Box temperature",power:"Active power",active_power:"Active power",active_power_a:"Phase A active power",active_power_b:"Phase B active power",active_power_c:"Phase C active power",energy:"Energy",power_factor:"Power factor",frequency:"Frequency",unbalance:"Unbalance",voltage_unbalance:"Voltage unbalance",current_unbalance:"Current unbalance",voltage_qualification_rate:"Voltage qualification rate",overcurrent_threshold:"Overcurrent threshold",leakage_threshold:"Leakage threshold",cable_temperature_threshold:"Cable temperature threshold",box_temperature_threshold:"Box temperature threshold",overvoltage_threshold:"Overvoltage threshold",undervoltage_threshold:"Undervoltage threshold"},zh:{contactor:"接触器",connectivity:"通信状态",alarm:"探测器报警",active_alarms:"未确认报警",current_a:"A相电流",current_b:"B相电流",current_c:"C相电流",current_n:"N线电流",voltage_a:"A相电压",voltage_b:"B相电压",voltage_c:"C相电压",line_voltage_ab:"AB线电压",line_voltage_bc:"BC线电压",line_voltage_ca:"CA线电压",leakage_current:"剩余电流",cable_temperature_a:"A相温度",cable_temperature_b:"B相温度",cable_temperature_c:"C相温度",cable_temperature_n:"N线温度",box_temperature:"箱体温度",power:"总有功功率",active_power:"总有功功率",active_power_a:"A相有功功率",active_power_b:"B相有功功率",active_power_c:"C相有功功率",energy:"有功电能",power_factor:"功率因数",frequency:"频率",unbalance:"三相不平衡度",voltage_unbalance:"电压不平衡度",current_unbalance:"电流不平衡度",voltage_qualification_rate:"电压合格率",overcurrent_threshold:"过流报警值",leakage_threshold:"剩余电流报警值",cable_temperature_threshold:"线缆温度报警值",box_temperature_threshold:"箱体温度报警值",overvoltage_threshold:"过压报警值",undervoltage_threshold:"欠压报警值"}},Gt=(s,r)=>ra[s][r],he=(s,r)=>ra[s][r];var I=s=>y`
  <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${s}</svg>`,aa=I(y`<path d="M4 6h16M4 12h16M4 18h16"/>`),sa=I(y`<path d="M19 12H5M11 6l-6 6 6 6"/>`),st=I(y`<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>`),ot=I(y`<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>`),re=I(y`<path d="M5 12.5l4.5 4.5L19 7.5"/>`),oa=I(y`<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/>`),ue=I(y`<path d="M14 5h5v5M19 5l-8 8M17 14v5H5V7h5"/>`),Ya=I(y`<circle cx="12" cy="12" r="9"/><path d="M8 12.5l3 3 5-6"/>`),Xa=I(y`<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>`),Ja=I(y`<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 2h-15z"/><path d="M10 21h4M12 8v4M12 14.5v.01"/>`),Za=I(y`<path d="M2 9a15 15 0 0 1 20 0M5.5 12.5a10 10 0 0 1 13 0M9 16a5 5 0 0 1 6 0M12 19.5v.01M3 3l18 18"/>`),j=I(y`<path d="M12 3v8"/><path d="M6.3 6.8a8 8 0 1 0 11.4 0"/>`),Ee={normal:Ya,warning:Xa,alarm:Ja,offline:Za,power_off:j};var me=["alarm","warning","offline","power_off","normal"],es=new Set(["unavailable","unknown"]);function Q(s,r,e){let t=r.entities[e];return t===void 0?void 0:s.states[t]?.state}var na=(s,r,e)=>s.entities[r]?.startsWith(`${e}.`)===!0,ts=new Set(["active_alarms","location"]);function ia(s,r,e){let t=s.get(r);return t||(t=Object.keys(r.entities).filter(e),s.set(r,t)),t}var rs=new WeakMap,as=new WeakMap,Qt=s=>ia(rs,s,r=>na(s,r,"sensor")&&!ts.has(r)),Yt=s=>ia(as,s,r=>(r==="alarm"||r.startsWith("alarm_"))&&na(s,r,"binary_sensor")),Xt=(s,r)=>Yt(r).filter(e=>Q(s,r,e)==="on");function Y(s,r,e){let t=Qt(r),a=Q(s,r,"connectivity"),o=t.length>0&&!t.some(d=>{let l=Q(s,r,d);return l!==void 0&&!es.has(l)});return a==="off"||a==="unavailable"||o?"offline":Q(s,r,"contactor")==="off"?"power_off":e.some(d=>d.state==="active"&&d.covered_by===null)||Xt(s,r).length>0?"alarm":e.length>0?"warning":"normal"}function fe(s,r,e){let t=r.entities[e],a=t===void 0?void 0:s.states[t];if(!a||a.state.trim()==="")return;let o=Number(a.state);return Number.isFinite(o)?{value:o,unit:a.attributes.unit_of_measurement}:void 0}function Jt(s,r,e){return e.map(t=>fe(s,r,t)).reduce((t,a)=>a&&(!t||a.value>t.value)?a:t,void 0)}function nt(s){return s?.unit==="W"?{value:s.value/1e3,unit:"kW"}:s}function la(s,r,e){let t=e.find(a=>r.entities[a]!==void 0);return t===void 0?void 0:fe(s,r,t)}var Re=["current_a","current_b","current_c"],Te=["power","active_power"],Me=["cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n"];function ca(s,r){let e=[s.name,s.area,s.floor,s.location,s.serial].filter(t=>t!==null).join(" ").toLocaleLowerCase();return r.toLocaleLowerCase().split(/\s+/).every(t=>e.includes(t))}var Wt=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function ss(s){let r=s.map(e=>e.level).filter(e=>e!==null);return r.length?Math.min(...r):null}function it(s){let r=new Map;for(let t of s){let a=t.floor!==null?`floor:${t.floor_id??t.floor}`:t.level!==null?`level:${t.level}`:"",o=r.get(a)??{name:t.floor,level:t.floor===null?t.level:null,boxes:[]};o.boxes.push(t),r.set(a,o)}let e=(t,a)=>{if(t==="")return[2,0,""];let o=ss(a.boxes);return o===null?[1,0,a.name??""]:[0,o,a.name??""]};return[...r.entries()].map(([t,a])=>({key:t,floor:a,sort:e(t,a)})).sort((t,a)=>t.sort[0]-a.sort[0]||t.sort[1]-a.sort[1]||Wt.compare(t.sort[2],a.sort[2])).map(({key:t,floor:a})=>({key:t,name:a.name,level:a.level,areas:os(a.boxes)}))}function os(s){let r=new Map;for(let e of s){let t=e.area_id??"",a=r.get(t)??{key:t,name:e.area,boxes:[]};a.boxes.push(e),r.set(t,a)}return[...r.values()].sort((e,t)=>(e.key===""?1:0)-(t.key===""?1:0)||Wt.compare(e.name??"",t.name??"")).map(e=>({...e,boxes:[...e.boxes].sort((t,a)=>Wt.compare(t.name,a.name))}))}function lt(s,r,e){return s.locale!==r.locale||s.language!==r.language||s.config!==r.config||e.some(t=>Object.values(t.entities).some(a=>a!==void 0&&s.states[a]!==r.states[a]))}function da(s){let r=new Map;for(let e of s){if(e.device_id===null)continue;let t=r.get(e.device_id);t?t.push(e):r.set(e.device_id,[e])}return r}var X=(s,r)=>c`<span class="chip ${r}">${Ee[r]}${i(s,`state_${r}`)}</span>`,ns={active:"alarm",acknowledged:"warning",cleared:"normal"},Zt=(s,r)=>{let e=ns[r];return c`<span class="chip ${e}">${Ee[e]}${i(s,`alarm_${r}`)}</span>`},ae=(s,r)=>[s,r].filter(e=>e).join(" · ");function ct(s,r){return[r.name,...r.area?[i(s,"labelled",{label:i(s,"area"),value:r.area})]:[],...r.location?[i(s,"labelled",{label:i(s,"location"),value:r.location})]:[],i(s,"labelled",{label:i(s,"serial"),value:r.serial})]}var Ce=(s,r)=>r.user?i(s,"who_via",{user:r.user,via:qt(s,r.via)}):qt(s,r.via);function dt(s,r,e){let t=i(s,"power_by",{command:i(s,r.command==="off"?"power_off":"power_on"),who:Ce(s,r),time:e})+(r.box?` ${i(s,"power_box",{box:r.box})}`:""),a=r.ok?i(s,"power_confirmed"):i(s,"power_failed",{error:r.error??i(s,"unknown")});return i(s,"power_line",{action:t,result:a})}function Pe(s,r){return r.name!==null?r.name:r.level!==null?rt(s,r.level):i(s,"no_floor")}function ge(s,r){return r===void 0||r==="unavailable"?i(s,"unavailable"):r==="unknown"?i(s,"unknown"):r}function pt(s,r,e){let t=[["fig_current",Re,Jt(s,e,Re)],["fig_leakage",["leakage_current"],fe(s,e,"leakage_current")],["fig_cable",Me,Jt(s,e,Me)],["fig_power",Te,nt(la(s,e,Te))]];return c`<dl class="figures">
    ${t.filter(([,a])=>a.some(o=>e.entities[o]!==void 0)).map(([a,,o])=>c`
          <div>
            <dt class="secondary">${i(r,a)}</dt>
            <dd>${o?C(E(s),o.value,o.unit,Wr(o.value)):i(r,"no_value")}</dd>
          </div>
        `)}
  </dl>`}function er(s){history.pushState(null,"",s),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}var is=s=>s.button===0&&!s.metaKey&&!s.ctrlKey&&!s.shiftKey&&!s.altKey,T=s=>r=>{is(r)&&(r.preventDefault(),er(s))};function pa(s){if(s===null)return"";if(typeof s=="number")return String(s);let r=/^[=+\-@\t\r]/.test(s)?`'${s}`:s;return/[",\r\n]/.test(r)?`"${r.replace(/"/g,'""')}"`:r}var ha=[["csv_time",(s,r,e)=>W(s,e.time)],["csv_received",(s,r,e)=>W(s,e.received)],["csv_box",(s,r,e)=>e.box],["csv_serial",(s,r,e)=>e.serial],["csv_area",(s,r,e)=>e.area],["csv_location",(s,r,e)=>e.location],["csv_floor",(s,r,e)=>e.floor],["csv_cause",(s,r,e)=>H(r,e.cause)],["csv_origin",(s,r,e)=>at(r,e.origin)],["csv_value",(s,r,e)=>e.value],["csv_threshold",(s,r,e)=>e.threshold],["csv_unit",(s,r,e)=>e.unit],["csv_channel",(s,r,e)=>e.channel?he(r,e.channel)??e.channel:null],["csv_state",(s,r,e)=>i(r,`alarm_${e.state}`)],["csv_ack_by",(s,r,e)=>e.acknowledged?Ce(r,e.acknowledged):null],["csv_ack_at",(s,r,e)=>e.acknowledged?W(s,e.acknowledged.at):null],["csv_cleared",(s,r,e)=>e.cleared?W(s,e.cleared):null],["csv_power",(s,r,e)=>e.power.map(t=>dt(r,t,W(s,t.at))).join(`
`)],["csv_diagnosis",(s,r,e)=>e.diagnosis.map(t=>t[r]).join(`
`)],["csv_covered",(s,r,e)=>e.covered_by]];function ua(s,r,e){return`\uFEFF${[ha.map(([a])=>pa(i(r,a))),...e.map(a=>ha.map(([,o])=>pa(o(s,r,a))))].map(a=>a.join(",")).join(`\r
`)}\r
`}function ma(s,r){let e=URL.createObjectURL(new Blob([r],{type:"text/csv;charset=utf-8"})),t=document.createElement("a");t.href=e,t.download=s,t.click(),setTimeout(()=>URL.revokeObjectURL(e),0)}var k=x`:host{--sp-normal:var(--success-color,#43a047);--sp-warning:var(--warning-color,#ffa600);--sp-alarm:var(--error-color,#db4437);--sp-offline:var(--sp-offline-color,#757575);--sp-power-off:var(--sp-power-off-color,#7e57c2);--sp-radius:var(--ha-card-border-radius,12px);color:var(--primary-text-color,#212121);}*{box-sizing:border-box;}.icon{width:20px;height:20px;flex:none;}.card{background:var(--card-background-color,#fff);border:1px solid var(--divider-color,#e0e0e0);border-radius:var(--sp-radius);box-shadow:var(--ha-card-box-shadow,none);}.secondary{color:var(--secondary-text-color,#727272);}.error{color:var(--error-color,#db4437);}.banner{display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:12px 16px;border-radius:var(--sp-radius);border:1px solid var(--error-color,#db4437);background:color-mix(in srgb,var(--error-color,#db4437) 10%,var(--card-background-color,#fff));color:var(--primary-text-color,#212121);font-weight:500;}.empty{padding:32px 16px;text-align:center;color:var(--secondary-text-color,#727272);}button{font:inherit;cursor:pointer;}.btn{display:inline-flex;align-items:center;justify-content:center;gap:6px;min-height:40px;padding:0 16px;border-radius:20px;border:1px solid var(--divider-color,#e0e0e0);background:transparent;color:var(--primary-color,#03a9f4);font-weight:500;white-space:nowrap;}.btn.primary{border-color:var(--primary-color,#03a9f4);background:var(--primary-color,#03a9f4);color:var(--text-primary-color,#fff);}.btn.danger{border-color:var(--sp-alarm);background:var(--sp-alarm);color:#fff;}.btn:disabled{opacity:0.5;cursor:default;}.btn:focus-visible,a:focus-visible,select:focus-visible,input:focus-visible{outline:2px solid var(--primary-color,#03a9f4);outline-offset:2px;}select,input{font:inherit;min-height:40px;padding:0 10px;border-radius:8px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);}.chip{display:inline-flex;align-items:center;gap:4px;padding:2px 10px 2px 6px;border-radius:14px;font-size:0.875rem;font-weight:500;line-height:22px;white-space:nowrap;border:1px solid var(--sp-color);background:color-mix(in srgb,var(--sp-color) 14%,transparent);}.chip .icon{width:18px;height:18px;color:var(--sp-color);}.chip.alarm{background:var(--sp-color);color:#fff;}.chip.alarm .icon{color:#fff;}.normal{--sp-color:var(--sp-normal);}.warning{--sp-color:var(--sp-warning);}.alarm{--sp-color:var(--sp-alarm);}.offline{--sp-color:var(--sp-offline);}.power_off{--sp-color:var(--sp-power-off);}`,ht=x`.figures{display:grid;grid-template-columns:repeat(4,1fr);gap:4px;margin:10px 0 0;}.figures dt{font-size:0.75rem;}.figures dd{margin:0;font-weight:500;white-space:nowrap;}`,ut=x`.search{display:flex;align-items:center;gap:8px;border-radius:8px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);color:var(--secondary-text-color,#727272);}.search input{flex:1;min-width:0;border:none;background:transparent;}.search input:focus-visible{outline:none;}.search:focus-within{outline:2px solid var(--primary-color,#03a9f4);}`,mt=x`:host{--sp-sharp:#c2185b;--sp-peak:#f57c00;--sp-flat:#1e88e5;--sp-valley:#00897b;}.sharp{background:var(--sp-sharp);}.peak{background:var(--sp-peak);}.flat{background:var(--sp-flat);}.valley{background:var(--sp-valley);}`;var Le=class extends w{constructor(){super(...arguments);this.language="en";this.busy=!1}willUpdate(e){e.has("request")&&(this.busy=!1,this.outcome=void 0)}updated(){let e=this.renderRoot.querySelector("dialog");this.request&&e&&!e.open&&e.showModal()}async run(){let e=this.request;if(!(!e||this.busy)){this.busy=!0;try{this.outcome={ok:!0,text:await e.run()}}catch(t){this.outcome={ok:!1,text:R(t)}}this.busy=!1}}close(){this.busy||(this.renderRoot.querySelector("dialog")?.close(),this.dispatchEvent(new CustomEvent("closed")))}onCancel(e){e.preventDefault(),this.close()}render(){let e=this.request;if(!e)return u;let t=this.language,a=this.outcome;return c`
      <dialog aria-labelledby="heading" @cancel=${this.onCancel}>
        <h2 id="heading">${j}<span>${e.heading}</span></h2>
        <p>${e.body}</p>
        <ul>
          ${e.details.map(o=>c`<li>${o}</li>`)}
        </ul>
        ${a?c`<p class="outcome ${a.ok?"ok":"failed"}" role="status">
                ${a.ok?re:u}<span>${a.text}</span>
              </p>`:u}
        <div class="buttons">
          ${a?c`<button class="btn primary" @click=${this.close}>${i(t,"close")}</button>`:c`
                  <button class="btn" ?disabled=${this.busy} @click=${this.close}>
                    ${i(t,"cancel")}
                  </button>
                  <button class="btn danger" ?disabled=${this.busy} @click=${this.run}>
                    ${this.busy?i(t,"working"):e.confirm}
                  </button>
                `}
        </div>
      </dialog>
    `}};Le.properties={language:{attribute:!1},request:{attribute:!1},busy:{state:!0},outcome:{state:!0}},Le.styles=[k,x`dialog{width:min(460px,calc(100vw - 32px));padding:24px;border:none;border-radius:var(--sp-radius);background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);box-shadow:0 8px 32px rgba(0,0,0,0.35);}dialog::backdrop{background:rgba(0,0,0,0.45);}h2{display:flex;align-items:center;gap:10px;margin:0 0 12px;font-size:1.25rem;font-weight:500;}h2 .icon{width:26px;height:26px;color:var(--sp-alarm);}p{margin:0 0 12px;line-height:1.45;}ul{margin:0 0 16px;padding-left:20px;line-height:1.6;font-weight:500;}.outcome{display:flex;gap:8px;align-items:flex-start;padding:12px;border-radius:8px;font-weight:500;}.outcome.ok{border:1px solid var(--sp-normal);background:color-mix(in srgb,var(--sp-normal) 14%,transparent);}.outcome.failed{border:2px solid var(--sp-alarm);background:color-mix(in srgb,var(--sp-alarm) 14%,transparent);color:var(--sp-alarm);font-size:1.05rem;}.outcome .icon{color:var(--sp-normal);}.buttons{display:flex;justify-content:flex-end;gap:8px;flex-wrap:wrap;}`];customElements.get("safe-power-confirm")||customElements.define("safe-power-confirm",Le);var J=class{constructor(r){this.host=r;this.alarms=[];this.total=0;this.loading=!1;this.loaded=!1;this.error=null;this.query={};this.pending=null;this.reads=0;r.addController(this)}hostConnected(){this.follow()}hostUpdate(){this.follow()}hostDisconnected(){this.unlisten?.(),this.unlisten=void 0,this.feed=void 0}async load(r,e){let t=++this.reads;this.hass=r,this.query=e,this.pending=[],this.loading=!0,this.error=null,this.host.requestUpdate();try{let o=await Ze(r,e);if(t!==this.reads)return;this.alarms=o.alarms,this.total=o.total,this.loaded=!0}catch(o){if(t!==this.reads)return;this.error=R(o)}let a=this.pending??[];this.pending=null,this.loading=!1,a.forEach(o=>this.apply(o)),this.host.requestUpdate()}follow(){let r=this.host.feed;r!==this.feed&&(this.unlisten?.(),this.feed=r,this.unlisten=r?.listen({onEvent:e=>{this.pending?this.pending.push(e):this.loaded&&(this.apply(e),this.host.requestUpdate())},onResync:()=>{this.hass&&this.load(this.hass,this.query)}}))}apply({alarm:r}){let e=this.alarms.findIndex(a=>a.alarm_id===r.alarm_id),t=Kr(r,this.query);if(e>=0&&t)this.alarms=this.alarms.map((a,o)=>o===e?r:a);else if(e>=0)this.alarms=this.alarms.filter((a,o)=>o!==e),this.total-=1;else if(t){let a=Date.parse(r.time),o=this.alarms.findIndex(n=>Date.parse(n.time)<a);this.alarms=o<0?[...this.alarms,r]:[...this.alarms.slice(0,o),r,...this.alarms.slice(o)],this.total+=1}}};var fa=100,ga={day:1,week:7,month:30,all:null},ls={day:"range_day",week:"range_week",month:"range_month",all:"range_all"},cs=864e5,Ne=class extends w{constructor(){super(...arguments);this.language="en";this.compact=!1;this.basePath="";this.filters={state:"active",cause:"",areaId:"",range:"all",limit:fa};this.page=fa;this.expanded=new Set;this.acking=new Set;this.actionError=null;this.list=new J(this);this.loadedWith=""}willUpdate(e){if(e.has("preset")&&this.preset){let{state:a,areaId:o,limit:n}=this.preset;this.page=n,this.filters={state:a,cause:"",areaId:o,range:"all",limit:n}}else!this.hasUpdated&&this.deviceId!==void 0&&(this.filters={...this.filters,state:"all",range:"month"});let t=JSON.stringify([this.filters,this.deviceId]);this.hass&&t!==this.loadedWith&&(this.loadedWith=t,this.list.load(this.hass,this.query()))}query(){let{state:e,cause:t,areaId:a,range:o,limit:n}=this.filters,d=ga[o];return{...e==="open"?{states:[...G]}:e!=="all"&&{states:[e]},...t!==""&&{causes:[t]},...a!==""&&{area_ids:[a]},...this.deviceId!==void 0&&{device_ids:[this.deviceId]},...d!==null&&{start:new Date(Date.now()-d*cs).toISOString()},limit:n}}setFilter(e,t){this.filters={...this.filters,[e]:t,limit:this.page}}showMore(){this.filters={...this.filters,limit:this.filters.limit+this.page}}async acknowledge(e){this.acking=new Set([...this.acking,...e]),this.actionError=null;try{await Lr(this.hass,e)}catch(t){this.actionError=R(t)}this.acking=new Set([...this.acking].filter(t=>!e.includes(t)))}askPowerOff(e){let t=this.language,a=this.fleet.boxes.find(n=>n.device_id===e.device_id),o=a?.name??e.box;this.confirm={heading:i(t,"power_title"),body:i(t,"power_body",{box:o}),details:[...ct(t,{name:o,area:a?a.area:e.area,location:a?a.location:e.location,serial:e.serial}),i(t,"power_for",{cause:H(t,e.cause)})],confirm:i(t,"power_off"),run:async()=>{let n=await Nr(this.hass,e.alarm_id);if(!n.ok)throw new Error(i(t,"power_error",{error:n.error??i(t,"unknown")}));return i(t,"power_done")}}}async exportCsv(){this.actionError=null;try{let{list:e}=this,t=e.total>e.alarms.length?(await Ze(this.hass,{...this.query(),limit:Math.min(e.total,1e4)})).alarms:e.alarms,a=pe(this.hass).slice(0,10);ma(`${i(this.language,"csv_file")}-${a}.csv`,ua(this.hass,this.language,t))}catch(e){this.actionError=R(e)}}toggle(e){let t=new Set(this.expanded);t.delete(e)||t.add(e),this.expanded=t}clipped(e){let t=(this.compact?70:200)/(this.language==="zh"?2:1);return e.diagnosis.length>1||e.diagnosis[0][this.language].length>t}canPowerOff(e){let a=this.fleet.boxes.find(o=>o.device_id===e.device_id)?.entities.contactor;return this.fleet.can_power&&e.state!=="cleared"&&!Pr.includes(e.cause)&&a!==void 0&&this.hass.states[a]?.state!=="off"}render(){let{language:e,list:t}=this,a=t.alarms.filter(n=>n.state==="active").map(n=>n.alarm_id),o=[...a.length>1?[c`<button
              class="btn"
              ?disabled=${a.every(n=>this.acking.has(n))}
              @click=${()=>this.acknowledge(a)}
            >
              ${re}${i(e,"acknowledge_all",{count:a.length})}
            </button>`]:[],...this.preset?[]:[c`<button class="btn" ?disabled=${t.alarms.length===0} @click=${this.exportCsv}>
              ${ot}${i(e,"export_csv")}
            </button>`]];return c`
      ${this.preset?u:this.renderFilters()}
      ${o.length?c`<div class="toolbar ${this.preset?"in-card":""}">${o}</div>`:u}
      ${this.actionError?c`<div class="banner" role="alert">${this.actionError}</div>`:u}
      ${t.error?c`<div class="banner" role="alert">${t.error}</div>`:u}
      ${this.renderList()}
      <safe-power-confirm
        .language=${e}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}renderFilters(){let{language:e,filters:t}=this,a=new Map(this.fleet.boxes.filter(n=>n.area_id!==null).map(n=>[n.area_id??"",n.area??n.area_id??""])),o=(n,d,l)=>c`
      <label>
        <span class="secondary">${d}</span>
        <select
          @change=${p=>this.setFilter(n,l[p.target.selectedIndex][0])}
        >
          ${l.map(([p,h])=>c`<option ?selected=${p===t[n]}>${h}</option>`)}
        </select>
      </label>
    `;return c`
      <div class="filters">
        ${o("state",i(e,"filter_state"),[...[...G,"open",...Mr.filter(n=>!G.includes(n))].map(n=>[n,i(e,`alarm_${n}`)]),["all",i(e,"all_states")]])}
        ${o("cause",i(e,"filter_cause"),[["",i(e,"all_causes")],...Cr.map(n=>[n,H(e,n)])])}
        ${this.deviceId===void 0?o("areaId",i(e,"filter_area"),[["",i(e,"all_areas")],...[...a].sort((n,d)=>n[1].localeCompare(d[1]))]):u}
        ${o("range",i(e,"filter_time"),Object.keys(ga).map(n=>[n,i(e,ls[n])]))}
      </div>
    `}renderList(){let{language:e,list:t}=this;if(!t.loaded)return t.loading?c`<p class="empty">${i(e,"loading")}</p>`:c``;if(t.alarms.length===0){let a=this.preset?`none_${this.preset.state}`:this.deviceId===void 0?"no_alarms":"no_box_alarms";return c`<p class="empty ${this.preset?"in-card":"card"}">${i(e,a)}</p>`}return c`
      ${this.compact?this.renderCards():this.renderTable()}
      ${this.preset&&t.total<=t.alarms.length?u:c`<div class="more">
              <span class="secondary">${i(e,"showing",{shown:t.alarms.length,total:t.total})}</span>
              ${t.total>t.alarms.length?c`<button class="btn" ?disabled=${t.loading} @click=${this.showMore}>
                      ${i(e,"show_more")}
                    </button>`:u}
            </div>`}
    `}renderTable(){let e=this.language,t=this.deviceId===void 0,a=t?6:5;return c`
      <table class="card">
        <thead>
          <tr>
            <th>${i(e,"col_time")}</th>
            ${t?c`<th>${i(e,"col_box")}</th>`:u}
            <th>${i(e,"col_cause")}</th>
            <th>${i(e,"col_value")}</th>
            <th>${i(e,"col_state")}</th>
            <th>${i(e,"col_actions")}</th>
          </tr>
        </thead>
        ${this.list.alarms.map(o=>c`
            <tbody class=${o.covered_by?"covered":""}>
              <tr>
                <td class="time">${this.renderTime(o)}</td>
                ${t?c`<td class="box-cell">${this.renderBox(o)}</td>`:u}
                <td class="cause-cell">${this.renderCause(o)}</td>
                <td>${this.renderValue(o)}</td>
                <td class="state-cell">${Zt(e,o.state)}${this.renderHistory(o)}</td>
                <td><div class="actions">${this.renderActions(o)}</div></td>
              </tr>
              ${o.diagnosis.length?c`<tr class="diagnosis">
                      <td colspan=${a}>${this.renderDiagnosis(o)}</td>
                    </tr>`:u}
            </tbody>
          `)}
      </table>
    `}renderCards(){let e=this.language;return c`
      <div class="cards">
        ${this.list.alarms.map(t=>c`
            <article class="card ${t.covered_by?"covered":""}">
              <div class="top">
                ${Zt(e,t.state)}
                <span class="secondary time">${this.renderTime(t)}</span>
              </div>
              ${this.renderCause(t)} ${this.deviceId===void 0?this.renderBox(t):u}
              ${this.renderValue(t)} ${this.renderHistory(t)}
              ${t.diagnosis.length?this.renderDiagnosis(t):u}
              <div class="actions">${this.renderActions(t)}</div>
            </article>
          `)}
      </div>
    `}renderTime(e){let t=de(this.hass,e.time);return e.late?c`${t}
          <div class="secondary small">
            ${i(this.language,"received_late",{time:de(this.hass,e.received)})}
          </div>`:c`${t}`}renderBox(e){let t=ae(e.area,e.location),a=e.device_id?`${this.basePath}/box/${encodeURIComponent(e.device_id)}`:null;return c`
      <div class="box">
        ${a?c`<a href=${a} @click=${T(a)}>${e.box}</a>`:c`<span>${e.box}</span>`}
        ${t?c`<div class="secondary small">${t}</div>`:u}
      </div>
    `}renderCause(e){let t=this.language;return c`
      <div class="cause">
        <strong>${H(t,e.cause)}</strong>
        <div class="secondary small">${at(t,e.origin)}</div>
        ${e.covered_by?c`<div class="small covered-note">${i(t,"covered")}</div>`:u}
      </div>
    `}renderValue(e){let t=Yr(E(this.hass),e);if(!t)return u;let a=e.channel?he(this.language,e.channel)??e.channel:null;return c`
      <div class="value">
        <span class="reading">${t}</span>
        ${a?c`<div class="secondary small">${a}</div>`:u}
      </div>
    `}renderHistory(e){let{hass:t,language:a}=this;return c`
      <ul class="history small">
        ${e.acknowledged?c`<li>
                ${i(a,"acknowledged_by",{who:Ce(a,e.acknowledged),time:de(t,e.acknowledged.at)})}
              </li>`:u}
        ${e.cleared?c`<li>${i(a,"cleared_at",{time:de(t,e.cleared)})}</li>`:u}
        ${e.power.map(o=>c`<li class=${o.ok?"":"error"}>
              ${j}<span>${dt(a,o,de(t,o.at))}</span>
            </li>`)}
      </ul>
    `}renderDiagnosis(e){let t=this.language,a=this.expanded.has(e.alarm_id),o=a?e.diagnosis:e.diagnosis.slice(0,1);return c`
      <div class="diagnosis-text ${a?"open":""}">
        ${o.map(n=>c`<p>
              <span class="likelihood"
                >${i(t,"likelihood",{percent:Qr(E(this.hass),n.confidence)})}</span
              >
              ${n[t]}
            </p>`)}
        ${a||this.clipped(e)?c`<button class="link" aria-expanded=${a} @click=${()=>this.toggle(e.alarm_id)}>
                ${i(t,a?"less":"more")}
              </button>`:u}
      </div>
    `}renderActions(e){let t=this.language,a=[];return e.state==="active"&&a.push(c`<button
          class="btn primary"
          ?disabled=${this.acking.has(e.alarm_id)}
          @click=${()=>this.acknowledge([e.alarm_id])}
        >
          ${re}${i(t,"acknowledge")}
        </button>`),this.canPowerOff(e)&&a.push(c`<button class="btn danger" @click=${()=>this.askPowerOff(e)}>
          ${j}${i(t,"power_off")}
        </button>`),a}};Ne.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},deviceId:{attribute:!1},preset:{attribute:!1},basePath:{attribute:!1},filters:{state:!0},expanded:{state:!0},acking:{state:!0},actionError:{state:!0},confirm:{state:!0}},Ne.styles=[k,x`:host{display:block;}.filters{display:flex;flex-wrap:wrap;gap:8px 12px;}.filters label{display:flex;flex-direction:column;gap:2px;font-size:0.8rem;}.filters select{font-size:0.95rem;min-width:140px;}.toolbar{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:8px;margin:12px 0;}.toolbar.in-card{margin-top:0;}.empty.in-card{margin:0;padding:12px 0;}.banner{margin-bottom:12px;}.small{font-size:0.85rem;}table{width:100%;border-collapse:separate;border-spacing:0;overflow:hidden;}th{text-align:left;font-weight:500;font-size:0.85rem;color:var(--secondary-text-color,#727272);padding:10px 12px;border-bottom:1px solid var(--divider-color,#e0e0e0);}td{padding:10px 12px;vertical-align:top;}tbody + tbody td{border-top:1px solid var(--divider-color,#e0e0e0);}tbody + tbody tr.diagnosis td,tr.diagnosis td{border-top:none;padding-top:0;}td.time{white-space:nowrap;}td.box-cell{min-width:170px;}td.cause-cell{min-width:140px;}td.state-cell{max-width:320px;}.covered{opacity:0.6;}.covered-note{font-style:italic;}.reading{font-weight:500;white-space:nowrap;}.box a{color:var(--primary-color,#03a9f4);font-weight:500;text-decoration:none;}.box a:hover{text-decoration:underline;}.history{list-style:none;margin:6px 0 0;padding:0;}.history li{display:flex;gap:4px;align-items:flex-start;margin-top:2px;}.history .icon{width:16px;height:16px;margin-top:2px;}.history li.error{font-weight:500;}.actions{display:flex;flex-wrap:wrap;gap:6px;}.diagnosis-text{display:flex;flex-direction:column;align-items:flex-start;gap:4px;padding:8px 12px;border-radius:8px;background:color-mix(in srgb,var(--primary-color,#03a9f4) 7%,transparent);font-size:0.9rem;line-height:1.45;}.diagnosis-text p{margin:0;}.diagnosis-text:not(.open) p{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;}.likelihood{font-weight:500;margin-right:4px;}.likelihood::after{content:" ·";}button.link{min-height:32px;padding:0;border:none;background:none;color:var(--primary-color,#03a9f4);font-weight:500;}.cards{display:flex;flex-direction:column;gap:10px;}article{display:flex;flex-direction:column;gap:6px;padding:12px;}article .top{display:flex;justify-content:space-between;align-items:center;gap:8px;flex-wrap:wrap;}article .time{font-size:0.85rem;}article .actions .btn{flex:1;}:host([compact]) button.link{min-height:40px;}:host([compact]) .filters label{flex:1 1 40%;}:host([compact]) .filters select{min-width:0;width:100%;}.more{display:flex;align-items:center;justify-content:space-between;gap:12px;margin-top:12px;}`];customElements.get("safe-power-alarms")||customElements.define("safe-power-alarms",Ne);var Ie=(s,r,e,t)=>s.callWS({type:"history/history_during_period",start_time:new Date(e).toISOString(),end_time:new Date(t).toISOString(),entity_ids:[...r],minimal_response:!0,no_attributes:!0,significant_changes_only:!1}),_a=(s,r,e,t)=>s.callWS({type:"recorder/statistics_during_period",start_time:new Date(e).toISOString(),end_time:new Date(t).toISOString(),statistic_ids:[...r],period:"hour",types:["mean","min","max"],units:{}}),He=s=>typeof s=="number"?s:Date.parse(s),tr=(s,r)=>typeof s=="number"&&Number.isFinite(s)?s:r;function ba(s,r){if(!s?.length)return se;let e=[],t=[],a=[],o=[],n=(d,l,p,h)=>{if(e.length&&d<=e[e.length-1]){t[t.length-1]=l,a[a.length-1]=p,o[o.length-1]=h;return}e.push(d),t.push(l),a.push(p),o.push(h)};for(let[d,l]of s.entries()){let p=Math.max(He(l.start),r),h=tr(l.mean,NaN);n(p,h,tr(l.min,h),tr(l.max,h));let m=s[d+1];m&&He(m.start)>He(l.end)&&n(He(l.end),NaN,NaN,NaN)}return{times:Float64Array.from(e),values:Float32Array.from(t),min:Float32Array.from(a),max:Float32Array.from(o)}}var xa=s=>He(s[s.length-1].end),se={times:new Float64Array(0),values:new Float32Array(0)};function Oe(s,r){if(!s?.length)return se;let e=new Float64Array(s.length),t=new Float32Array(s.length),a=0,o=-1/0;for(let n of s){let d=n.lu??n.lc;if(d===void 0)continue;let l=Math.max(d*1e3,r),p=n.s.trim(),h=p===""?NaN:Number(p);if(l<=o&&a>0){t[a-1]=h;continue}e[a]=l,t[a]=h,o=l,a+=1}return{times:e.subarray(0,a),values:t.subarray(0,a)}}function rr(s,r,e){let t=s.times.length?s.times[s.times.length-1]:-1/0,a=s.values.length?s.values[s.values.length-1]:NaN,o=0;for(;o+1<s.times.length&&s.times[o+1]<=e;)o+=1;let n=0;for(;n<r.times.length&&r.times[n]<=t;)n+=1;n<r.times.length&&ds(r.values[n],a)&&s.times.length&&(n+=1);let d=s.times.length-o,l=d+r.times.length-n,p=new Float64Array(l),h=new Float32Array(l);if(p.set(s.times.subarray(o),0),h.set(s.values.subarray(o),0),p.set(r.times.subarray(n),d),h.set(r.values.subarray(n),d),d>0&&p[0]<e&&(p[0]=e),!s.min||!s.max)return{times:p,values:h};let m=new Float32Array(l),f=new Float32Array(l);return m.set(s.min.subarray(o),0),f.set(s.max.subarray(o),0),m.set((r.min??r.values).subarray(n),d),f.set((r.max??r.values).subarray(n),d),{times:p,values:h,min:m,max:f}}var ds=(s,r)=>s===r||Number.isNaN(s)&&Number.isNaN(r);function va(s,r,e,t,a){let o=s.cols.length-1;if(o>=0&&s.cols[o]===r){e<s.min[o]&&(s.min[o]=e),e>s.max[o]&&(s.max[o]=e),s.last[o]=e,s.lo&&s.hi&&(t<s.lo[o]&&(s.lo[o]=t),a>s.hi[o]&&(s.hi[o]=a));return}s.cols.push(r),s.first.push(e),s.min.push(e),s.max.push(e),s.last.push(e),s.lo?.push(t),s.hi?.push(a)}function ya(s,r,e,t){let{times:a,values:o,min:n,max:d}=s,l=n!==void 0&&d!==void 0,p=Math.max(1,Math.floor(t)),h=p/(e-r),m=_=>Math.min(p-1,Math.max(0,Math.floor((_-r)*h))),f=[],g=null;for(let _=0;_<a.length;_++){let A=Math.max(a[_],r),v=Math.min(_+1<a.length?a[_+1]:e,e);if(A>=e)break;if(v<=r||v<=A)continue;let S=o[_];if(Number.isNaN(S)){g=null;continue}g||(g=l?{cols:[],first:[],min:[],max:[],last:[],lo:[],hi:[]}:{cols:[],first:[],min:[],max:[],last:[]},f.push(g));let b=m(A),F=Math.max(b,Math.min(p-1,Math.ceil((v-r)*h)-1)),$=l?Math.min(n[_],S):S,M=l?Math.max(d[_],S):S;va(g,b,S,$,M),F>b&&va(g,F,S,$,M)}return f}function wa(s,r){let{cols:e,lo:t,hi:a}=s;if(!t||!a||!e.length||r<e[0]||r>e[e.length-1])return null;let o=0,n=e.length-1;for(;o<n;){let d=o+n+1>>1;e[d]<=r?o=d:n=d-1}return[t[o],a[o]]}function $a(s,r){let{cols:e}=s;if(!e.length||r<e[0]||r>e[e.length-1])return null;let t=0,a=e.length-1;for(;t<a;){let o=t+a+1>>1;e[o]<=r?t=o:a=o-1}return e[t]===r?[s.min[t],s.max[t],s.last[t]]:[s.last[t],s.last[t],s.last[t]]}var L=44,Be=12,B=20,ft=24,gt=6e4,ar=[10,15,30,60,120,180,360,720,1440,2880],sr=1440;function ps(s,r){let e=s/r,t=10**Math.floor(Math.log10(e));return([1,2,5,10].find(o=>o*t>=e)??10)*t}var De=class extends w{constructor(){super(...arguments);this.language="en";this.label="";this.unit="";this.lines=[];this.start=0;this.end=0;this.zero=!1;this.compact=!1;this.width=0;this.cursor=null;this.resize=new ResizeObserver(e=>{let t=Math.floor(e[0]?.contentRect.width??0);t!==this.width&&(this.width=t)})}connectedCallback(){super.connectedCallback(),this.resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect()}willUpdate(e){let t=["lines","start","end","width","compact","zero"];(!this.geometry||t.some(a=>e.has(a)))&&(this.geometry=this.width>L+Be+20?this.measure():void 0,this.geometry&&this.cursor!==null&&this.cursor>=this.geometry.columns&&(this.cursor=null))}measure(){let e=this.width,t=this.compact?180:220,a=Math.max(1,e-L-Be),o=t-B-ft,{start:n,end:d}=this,l=this.lines.map($=>({line:$,runs:ya($.series,n,d,a)})),p=1/0,h=-1/0;for(let{line:$,runs:M}of l)if(!$.limit)for(let K of M){for(let V of K.lo??K.min)V<p&&(p=V);for(let V of K.hi??K.max)V>h&&(h=V)}let m=p===1/0;m&&(p=0,h=1);let f=this.zero?Math.min(0,p):p,g=h,_=g+.6*Math.max(g-f,Math.abs(g)*.1,1),A=new Set;for(let{line:$,runs:M}of l){if(!$.limit)continue;let K=Math.max(...M.flatMap(Rt=>Rt.max)),V=Math.min(...M.flatMap(Rt=>Rt.min));Number.isFinite(K)&&(m||K>_||V<f-(_-g)?A.add($):(g=Math.max(g,K),f=Math.min(f,V)))}g-f<1e-9&&(g+=1,(!this.zero||f>0)&&(f-=1));let v=ps(g-f,this.compact?3:4);f=Math.floor(f/v+1e-9)*v,g=Math.ceil(g/v-1e-9)*v;let S=[];for(let $=f;$<=g+v/2;$+=v)S.push(Math.round($/v)*v);let b=$=>Math.round((B+(g-$)/(g-f)*o)*10)/10,F=l.map(({line:$,runs:M})=>({line:$,runs:M,offScale:A.has($),path:A.has($)?"":this.path(M,b),band:A.has($)||$.limit?"":this.band(M,b)}));return{width:e,height:t,columns:a,lo:f,hi:g,yTicks:S,xTicks:this.timeTicks(a),drawn:F,empty:m}}path(e,t){let a=[];for(let o of e)for(let n=0;n<o.cols.length;n++){let d=L+o.cols[n]+.5;a.push(`${n===0?"M":"L"}${d} ${t(o.first[n])}`);let l=o.min[n]!==o.max[n];l&&a.push(`L${d} ${t(o.min[n])}L${d} ${t(o.max[n])}`),(l||o.cols.length===1||o.last[n]!==o.first[n])&&a.push(`L${d} ${t(o.last[n])}`)}return a.join("")}band(e,t){let a=[];for(let o of e){let{cols:n,lo:d,hi:l}=o;if(!d||!l||!n.length)continue;let p=n.map((m,f)=>`${L+m+.5} ${t(l[f])}`),h=n.map((m,f)=>`${L+m+.5} ${t(d[f])}`).reverse();a.push(`M${p.join("L")}L${h.join("L")}Z`)}return a.join("")}timeTicks(e){let{hass:t,start:a,end:o}=this,n=o-a;if(n<=0)return[];let d=g=>g>=sr?64:70,l=ar.find(g=>g*gt*e/n>=d(g))??ar[ar.length-1],p=l*gt,h=[],m=g=>jt(t,g)*gt,f=Math.ceil((a+m(a))/p)*p;for(let g=0;g<200;g++,f+=p){let _=f-m(f-m(a));if(_>o)break;if(_<a)continue;let A=l>=sr||f%(sr*gt)===0;h.push({x:L+Math.round((_-a)/n*e)+.5,label:Jr(t,_,A),day:A})}return h}columnAt(e){let t=this.geometry,a=this.renderRoot.querySelector("svg")?.getBoundingClientRect();if(!t||!a)return null;let o=Math.floor(e-a.left-L);return o<0||o>=t.columns?null:o}onPointer(e){let t=this.columnAt(e.clientX);(t!==null||e.pointerType==="mouse")&&(this.cursor=t)}onLeave(e){e.pointerType==="mouse"&&(this.cursor=null)}onKey(e){let t=this.geometry;if(!t)return;let a=e.shiftKey?Math.ceil(t.columns/10):Math.max(1,Math.ceil(t.columns/100)),o=this.cursor??t.columns-1,n;if(e.key==="ArrowLeft")n=Math.max(0,o-(this.cursor===null?0:a));else if(e.key==="ArrowRight")n=Math.min(t.columns-1,o+(this.cursor===null?0:a));else if(e.key==="Home")n=0;else if(e.key==="End")n=t.columns-1;else if(e.key==="Escape")n=null;else return;e.preventDefault(),this.cursor=n}render(){let e=this.geometry,t=this.language;return c`
      <div
        class="frame"
        tabindex="0"
        role="group"
        aria-label=${i(t,"chart_keys",{chart:this.label})}
        @keydown=${this.onKey}
        @blur=${()=>this.cursor=null}
      >
        ${e?c`<svg
                  width=${e.width}
                  height=${e.height}
                  viewBox="0 0 ${e.width} ${e.height}"
                  role="img"
                  aria-label=${this.label}
                  @pointermove=${this.onPointer}
                  @pointerdown=${this.onPointer}
                  @pointerleave=${this.onLeave}
                >
                  ${this.renderAxes(e)}
                  ${e.drawn.map(({line:a,band:o})=>o?y`<path class="band" d=${o} fill=${a.color}></path>`:u)}
                  ${e.drawn.map(({line:a,path:o})=>o?y`<path class="line ${a.limit?"limit":""}" d=${o} stroke=${a.color}></path>`:u)}
                  ${this.renderCursor(e)}
                </svg>
                ${e.empty?c`<div class="empty-data secondary">${i(t,"chart_no_data")}</div>`:u}
                ${this.renderTip(e)}`:c`<div class="placeholder" style="height: ${this.compact?180:220}px"></div>`}
      </div>
      ${e?this.renderLegend(e):u}
    `}renderAxes(e){let t=E(this.hass),a=e.height-ft,o=l=>Math.round(B+(e.hi-l)/(e.hi-e.lo)*(a-B))+.5,n=e.yTicks.length>1?e.yTicks[1]-e.yTicks[0]:1,d=Math.max(0,-Math.floor(Math.log10(n)+1e-9));return y`
      <text class="unit" x=${L-6} y=${B-8} text-anchor="end">${this.unit}</text>
      ${e.yTicks.map(l=>y`
          <line class="grid" x1=${L} x2=${e.width-Be} y1=${o(l)} y2=${o(l)}></line>
          <text class="tick" x=${L-6} y=${o(l)} dy="0.32em" text-anchor="end">${P(t,l,Math.min(d+(n%1?1:0),3))}</text>
        `)}
      ${e.xTicks.map(l=>y`
          <line class="grid ${l.day?"day":""}" x1=${l.x} x2=${l.x} y1=${B} y2=${a}></line>
          <text class="tick" x=${l.x} y=${a+16} text-anchor="middle">${l.label}</text>
        `)}
      <line class="axis" x1=${L} x2=${e.width-Be} y1=${a+.5} y2=${a+.5}></line>
    `}valuesAt(e,t){return e.drawn.map(a=>{for(let o of a.runs){let n=$a(o,t);if(n)return[a,...n,a.band?wa(o,t):null]}return[a,NaN,NaN,NaN,null]})}renderCursor(e){let t=this.cursor;if(t===null)return u;let a=L+t+.5,o=e.height-ft,n=d=>B+(e.hi-d)/(e.hi-e.lo)*(o-B);return y`
      <line class="cursor" x1=${a} x2=${a} y1=${B} y2=${o}></line>
      ${this.valuesAt(e,t).filter(([d,,,l])=>!d.offScale&&!Number.isNaN(l)).map(([d,,,l])=>y`<circle class="dot" cx=${a} cy=${n(l)} r="3.5" fill=${d.line.color}></circle>`)}
    `}renderTip(e){let t=this.cursor;if(t===null)return u;let a=E(this.hass),o=this.start+(t+.5)/e.columns*(this.end-this.start),n=L+t,d=n>e.width/2,l=(e.hi-e.lo)/100,p=(h,m,f,g)=>Number.isNaN(f)?i(this.language,"no_value"):g?i(this.language,"chart_mean_range",{mean:C(a,f,this.unit),min:P(a,g[0]),max:P(a,g[1])}):m-h>l?`${P(a,h)} – ${C(a,m,this.unit)}`:C(a,f,this.unit);return c`<div
      class="tip"
      role="status"
      aria-live="polite"
      style="left: ${d?n-10:n+10}px; transform: translateX(${d?"-100%":"0"})"
    >
      <div class="when">${Zr(this.hass,o)}</div>
      ${this.valuesAt(e,t).map(([h,m,f,g,_])=>c`<div class="row">
          ${this.swatch(h.line)}<span class="name">${h.line.short??h.line.name}</span
          ><span class="value">${p(m,f,g,_)}</span>
        </div>`)}
    </div>`}swatch(e){return c`<svg class="swatch" width="18" height="10" aria-hidden="true">
      <line x1="1" x2="17" y1="5" y2="5" stroke=${e.color} class=${e.limit?"limit":""}></line>
    </svg>`}renderLegend(e){return c`<ul class="legend">
      ${e.drawn.map(t=>c`<li class=${t.offScale?"off":""}>
          ${this.swatch(t.line)}${t.line.name}${t.offScale?c` <span class="secondary">${i(this.language,"chart_off_scale")}</span>`:u}
        </li>`)}
    </ul>`}};De.properties={hass:{attribute:!1},language:{attribute:!1},label:{attribute:!1},unit:{attribute:!1},lines:{attribute:!1},start:{attribute:!1},end:{attribute:!1},zero:{type:Boolean},compact:{type:Boolean},width:{state:!0},cursor:{state:!0}},De.styles=[k,x`:host{display:block;position:relative;min-width:0;}.frame{position:relative;border-radius:6px;}.frame:focus-visible{outline:2px solid var(--primary-color,#03a9f4);outline-offset:2px;}svg{display:block;touch-action:pan-y;user-select:none;-webkit-user-select:none;}.grid{stroke:var(--divider-color,#e0e0e0);stroke-width:1;}.grid.day{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 22%,transparent);}.axis{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 35%,transparent);}.tick,.unit{font-size:11px;fill:var(--secondary-text-color,#727272);}.unit{font-weight:500;}.line{fill:none;stroke-width:1.6;stroke-linejoin:round;stroke-linecap:round;}.band{fill-opacity:0.16;stroke:none;}.limit{stroke-dasharray:6 4;stroke-linecap:butt;}path.limit{stroke-width:1.4;}.cursor{stroke:var(--primary-text-color,#212121);stroke-opacity:0.45;}.dot{stroke:var(--card-background-color,#fff);stroke-width:1.5;}.empty-data{position:absolute;inset:${B}px ${Be}px ${ft}px ${L}px;display:flex;align-items:center;justify-content:center;font-size:0.9rem;}.tip{position:absolute;top:8px;z-index:1;min-width:150px;padding:6px 10px;border-radius:8px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);box-shadow:0 2px 8px rgba(0,0,0,0.18);font-size:0.8rem;pointer-events:none;white-space:nowrap;}.when{margin-bottom:2px;font-weight:500;}.row{display:flex;align-items:center;gap:6px;line-height:1.5;}.row .name{flex:1;color:var(--secondary-text-color,#727272);}.row .value{font-weight:500;font-variant-numeric:tabular-nums;}.swatch{flex:none;}.swatch line{stroke-width:2.5;}.legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:6px 0 0;padding:0 0 0 ${L}px;list-style:none;font-size:0.85rem;}.legend li{display:inline-flex;align-items:center;gap:5px;}@media (max-width:600px){.legend{padding-left:0;}}`];customElements.get("safe-power-chart")||customElements.define("safe-power-chart",De);var or={"6h":6,"24h":24,"7d":168},hs={"6h":"history_6h","24h":"history_24h","7d":"history_7d"},Aa=36e5,nr=new Set(["7d"]),us=6e4,N={a:"#e0a100",b:"#2e9b4f",c:"#dc3b3b",n:"#3a7bd5",box:"#8e5cc8",leakage:"#0f9aa8",limit:"var(--secondary-text-color, #727272)"},ka=[{key:"current",title:"chart_current",unit:"A",zero:!0,lines:[["current_a","phase_a",N.a],["current_b","phase_b",N.b],["current_c","phase_c",N.c],["current_n","phase_n",N.n]],limits:[["overcurrent_threshold","chart_limit",N.limit]]},{key:"temperature",title:"chart_temperature",unit:"°C",zero:!1,lines:[["cable_temperature_a","phase_a",N.a],["cable_temperature_b","phase_b",N.b],["cable_temperature_c","phase_c",N.c],["cable_temperature_n","phase_n",N.n],["box_temperature","chart_box",N.box]],limits:[["cable_temperature_threshold","chart_cable_limit",N.limit],["box_temperature_threshold","chart_box_limit",N.box]]},{key:"leakage",title:"chart_leakage",unit:"mA",zero:!0,lines:[["leakage_current","chart_leakage",N.leakage]],limits:[["leakage_threshold","chart_limit",N.limit]]}],Sa="24h",Ue=class extends w{constructor(){super(...arguments);this.language="en";this.compact=!1;this.range=Sa;this.loading=!1;this.error=null;this.series=new Map;this.window=[0,0];this.reads=0;this.loadedFor="";this.shown=[]}connectedCallback(){super.connectedCallback(),this.timer=setInterval(()=>{this.refresh()},us)}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this.timer),this.loadedFor="",this.reads+=1}entityIds(){let e=[];for(let t of ka)for(let[a]of[...t.lines,...t.limits]){let o=this.box.entities[a];o&&e.push(o)}return e}willUpdate(e){let t=`${this.box.device_id}|${this.range}`;t!==this.loadedFor&&(this.loadedFor.startsWith(`${this.box.device_id}|`)||(this.series=new Map),this.loadedFor=t,this.load()),(e.has("series")||e.has("window")||e.has("language")||e.has("box"))&&(this.shown=this.charts())}async load(){let e=++this.reads,t=this.entityIds(),a=Date.now(),o=a-or[this.range]*Aa;if(this.loading=!0,this.error=null,!t.length){this.series=new Map,this.loading=!1;return}try{let n=nr.has(this.range)?await this.readHourly(t,o,a):new Map(t.map(d=>[d,se]));if(!nr.has(this.range)){let d=await Ie(this.hass,t,o,a);for(let l of t)n.set(l,Oe(d[l],o))}if(e!==this.reads)return;this.series=n,this.window=[o,a]}catch(n){if(e!==this.reads)return;this.error=R(n)}this.loading=!1}async readHourly(e,t,a){let o={};try{o=await _a(this.hass,e,t,a)}catch{}let n=new Map,d=e.filter(f=>o[f]?.length),l=e.filter(f=>!o[f]?.length),p=d.length?Math.min(...d.map(f=>xa(o[f]??[]))):a,[h,m]=await Promise.all([l.length?Ie(this.hass,l,t,a):Promise.resolve({}),d.length&&p<a?Ie(this.hass,d,p,a):Promise.resolve({})]);for(let f of e)n.set(f,l.includes(f)?Oe(h[f],t):rr(ba(o[f],t),Oe(m[f],p),t));return n}async refresh(){if(this.loading||this.error!==null||document.hidden||!this.series.size)return;let e=++this.reads,t=[...this.series.keys()],a=this.window[1],o=Date.now(),n=o-or[this.range]*Aa;try{let d=await Ie(this.hass,t,a,o);if(e!==this.reads)return;this.series=new Map(t.map(l=>[l,rr(this.series.get(l)??se,Oe(d[l],a),n)])),this.window=[n,o]}catch{}}choose(e){Sa=e,this.range=e}charts(){let{box:e,language:t}=this,[a]=this.window,o=[];for(let n of ka){let d=n.lines.filter(([h])=>e.entities[h]);if(!d.length)continue;let l=this.hass.states[e.entities[d[0][0]]??""]?.attributes.unit_of_measurement??n.unit,p=d.map(([h,m,f])=>({key:h,name:i(t,m),color:f,series:this.series.get(e.entities[h]??"")??se}));for(let[h,m,f]of n.limits){let g=e.entities[h];if(!g)continue;let _=this.series.get(g)??se;if(!_.times.length&&this.series.size){let S=Number(this.hass.states[g]?.state);Number.isFinite(S)&&(_={times:new Float64Array([a]),values:new Float32Array([S])})}let A=NaN;for(let S=_.values.length-1;S>=0&&Number.isNaN(A);S--)A=_.values[S];let v=this.hass.states[g]?.attributes.unit_of_measurement??l;p.push({key:h,name:Number.isNaN(A)?i(t,m,{value:""}).trim():i(t,m,{value:C(E(this.hass),A,v)}),short:i(t,m,{value:""}).trim(),color:f,series:_,limit:!0})}o.push({group:n,title:i(t,n.title),unit:l,lines:p})}return o}render(){let e=this.language;if(!this.shown.length)return u;let[t,a]=this.window;return c`
      <section class="card">
        <div class="head">
          <h2>${i(e,"history")}</h2>
          <div class="ranges" role="group" aria-label=${i(e,"history_range")}>
            ${Object.keys(or).map(o=>c`<button
                class="range"
                aria-pressed=${this.range===o}
                @click=${()=>this.choose(o)}
              >
                ${i(e,hs[o])}
              </button>`)}
          </div>
        </div>
        ${this.error!==null?c`<div class="banner" role="alert">
                <span>${i(e,"history_error",{message:this.error})}</span>
                <button class="btn" @click=${()=>{this.load()}}>${i(e,"retry")}</button>
              </div>`:u}
        ${this.error!==null&&!this.series.size?u:this.renderCharts(t,a)}
      </section>
    `}renderCharts(e,t){let a=this.language;return c`
        <div class="charts ${this.loading?"loading":""}" aria-busy=${this.loading}>
          ${this.shown.map(o=>c`<div class="chart">
              <h3>${o.title}</h3>
              ${this.loading&&!this.series.size?c`<div class="wait secondary" role="status">${i(a,"loading")}</div>`:c`<safe-power-chart
                      .hass=${this.hass}
                      .language=${a}
                      .label=${o.title}
                      .unit=${o.unit}
                      .lines=${o.lines}
                      .start=${e}
                      .end=${t}
                      ?zero=${o.group.zero}
                      ?compact=${this.compact}
                    ></safe-power-chart>`}
            </div>`)}
        </div>
        ${this.loading&&this.series.size?c`<div class="secondary small" role="status">${i(a,"loading")}</div>`:u}
        ${nr.has(this.range)&&[...this.series.values()].some(o=>o.min)?c`<div class="secondary small">${i(a,"chart_hourly")}</div>`:u}
    `}};Ue.properties={hass:{attribute:!1},language:{attribute:!1},box:{attribute:!1},compact:{type:Boolean},range:{state:!0},loading:{state:!0},error:{state:!0},series:{state:!0},window:{state:!0}},Ue.styles=[k,x`:host{display:block;}section{padding:16px;}.head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;margin-bottom:8px;}h2{margin:0;font-size:1.1rem;font-weight:500;}h3{margin:0 0 4px;font-size:0.95rem;font-weight:500;}.ranges{display:inline-flex;border:1px solid var(--divider-color,#e0e0e0);border-radius:20px;overflow:hidden;}.range{min-height:36px;padding:0 14px;border:none;background:transparent;color:var(--primary-text-color,#212121);font-weight:500;}.range + .range{border-left:1px solid var(--divider-color,#e0e0e0);}.range[aria-pressed="true"]{background:var(--primary-color,#03a9f4);color:var(--text-primary-color,#fff);}.range:focus-visible{outline:2px solid var(--primary-color,#03a9f4);outline-offset:-4px;}.banner{margin-bottom:12px;}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:20px 24px;}.charts.loading safe-power-chart{opacity:0.5;}.chart{min-width:0;}.wait{display:flex;align-items:center;justify-content:center;height:180px;border-radius:8px;background:color-mix(in srgb,var(--primary-text-color,#212121) 4%,transparent);}.small{margin-top:8px;font-size:0.85rem;}`];customElements.get("safe-power-history")||customElements.define("safe-power-history",Ue);var ze=class extends w{constructor(){super(...arguments);this.language="en";this.canPower=!1;this.framed=!1;this.compact=!1}render(){let{box:e,language:t}=this,a=e.entities.contactor;if(a===void 0)return u;let o=this.hass.states[a]?.state,n=o==="on"||o==="off";return c`
      <div class="contactor ${o==="off"?"power_off":"normal"} ${this.framed?"card":""}">
        ${j}
        <div class="what">
          <div class="secondary">${i(t,"contactor")}</div>
          <div class="state">
            ${n?i(t,o==="on"?"contactor_on":"contactor_off"):ge(t,o)}
          </div>
        </div>
        ${this.canPower&&n?c`<button
                class="btn ${o==="on"?"danger":"primary"}"
                @click=${()=>this.ask(a,o==="off")}
              >
                ${j}${i(t,o==="on"?"power_off":"power_on")}
              </button>`:u}
      </div>
      <safe-power-confirm
        .language=${t}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}ask(e,t){let{box:a,language:o}=this;this.confirm={heading:i(o,t?"power_on_title":"power_title"),body:i(o,t?"power_on_body":"power_body",{box:a.name}),details:ct(o,a),confirm:i(o,t?"power_on":"power_off"),run:async()=>{try{await Ur(this.hass,e,t)}catch(n){throw new Error(i(o,t?"power_on_error":"power_error",{error:R(n)}))}return i(o,t?"power_on_done":"power_done")}}}};ze.properties={hass:{attribute:!1},language:{attribute:!1},box:{attribute:!1},canPower:{attribute:!1},framed:{type:Boolean,reflect:!0},compact:{type:Boolean,reflect:!0},confirm:{state:!0}},ze.styles=[k,x`:host{display:block;}.contactor{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;border-left:6px solid var(--sp-color);padding:8px 0 8px 12px;}:host([framed]) .contactor{padding:16px;}.contactor>.icon{width:28px;height:28px;color:var(--sp-color);}.what{flex:1;min-width:130px;}.state{font-size:1.1rem;font-weight:500;}:host([compact]) .btn{width:100%;}`];customElements.get("safe-power-contactor")||customElements.define("safe-power-contactor",ze);function ms(s,r){let e=t=>{let a=zt.indexOf(t);return a<0?zt.length:a};return e(s)-e(r)||s.localeCompare(r)}var je=class extends w{constructor(){super(...arguments);this.language="en";this.open=[];this.compact=!1;this.basePath=""}render(){let{box:e,language:t}=this,a=Y(this.hass,e,this.open),o=`/config/devices/device/${encodeURIComponent(e.device_id)}`,n=[["area",e.area],["floor",e.floor??(e.level!==null?rt(t,e.level):null)],["location",e.location],["serial",e.serial],["transport",i(t,`transport_${e.transport}`)]];return c`
      <section class="card head">
        <div class="title">
          <h1>${e.name}</h1>
          ${X(t,a)}
        </div>
        <dl class="facts">
          ${n.filter(d=>d[1]!==null).map(([d,l])=>c`<div>
                  <dt class="secondary">${i(t,d)}</dt>
                  <dd>${l}</dd>
                </div>`)}
        </dl>
        <a class="btn" href=${o} @click=${T(o)}>${ue}${i(t,"open_device")}</a>
      </section>
      ${e.entities.contactor!==void 0?c`<safe-power-contactor
              .hass=${this.hass}
              .language=${t}
              .box=${e}
              .canPower=${this.fleet.can_power}
              framed
              ?compact=${this.compact}
            ></safe-power-contactor>`:u}
      <section class="card">
        <h2>${i(t,"live_values")}</h2>
        <dl class="values">${this.renderValues()}</dl>
      </section>
      <safe-power-history
        .hass=${this.hass}
        .language=${t}
        .box=${e}
        ?compact=${this.compact}
      ></safe-power-history>
      <h2 class="alarms-heading">${i(t,"alarms_heading")}</h2>
      <safe-power-alarms
        .hass=${this.hass}
        .language=${t}
        .fleet=${this.fleet}
        .feed=${this.feed}
        .deviceId=${e.device_id}
        .basePath=${this.basePath}
        ?compact=${this.compact}
      ></safe-power-alarms>
    `}renderValues(){let{box:e,hass:t,language:a}=this,o=Q(t,e,"connectivity"),n=Yt(e),d=Xt(t,e),l=[...e.entities.active_alarms?["active_alarms"]:[],...Qt(e)];return[...e.entities.connectivity?[this.renderValue(Gt(a,"connectivity"),o==="on"||o==="off"?i(a,o==="on"?"online":"state_offline"):ge(a,o),o==="off")]:[],...n.length?[this.renderValue(Gt(a,"alarm"),d.length?d.map(p=>p==="alarm"?i(a,"alarm_on"):H(a,p.slice(6))).join(", "):n.some(p=>Q(t,e,p)==="off")?i(a,"alarm_off"):ge(a,Q(t,e,n[0])),d.length>0)]:[],...l.sort(ms).map(p=>{let h=t.states[e.entities[p]??""],m=nt(fe(t,e,p));return this.renderValue(he(a,p)??h?.attributes.friendly_name??p,m?C(E(t),m.value,m.unit):ge(a,h?.state),!1)})]}renderValue(e,t,a){return c`<div class=${a?"flagged":""}>
      <dt class="secondary">${e}</dt>
      <dd>${t}</dd>
    </div>`}};je.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},box:{attribute:!1},open:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},basePath:{attribute:!1}},je.styles=[k,x`:host{display:flex;flex-direction:column;gap:12px;}section{padding:16px;}.title{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;}h1{margin:0;font-size:1.5rem;font-weight:500;}h2{margin:0 0 12px;font-size:1.1rem;font-weight:500;}.alarms-heading{margin:12px 0 0;}dl{margin:0;}dd{margin:0;font-weight:500;}dt{font-size:0.8rem;}.facts{display:flex;flex-wrap:wrap;gap:8px 32px;margin:12px 0 16px;}.head a.btn{text-decoration:none;}.values{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px 16px;}.values>div{padding:8px 10px;border-radius:8px;background:color-mix(in srgb,var(--primary-text-color,#212121) 4%,transparent);}.values dd{font-size:1.15rem;}.values .flagged{background:color-mix(in srgb,var(--sp-alarm) 14%,transparent);}:host([compact]) .values{grid-template-columns:repeat(2,1fr);}`];customElements.get("safe-power-box")||customElements.define("safe-power-box",je);var Ea=s=>(...r)=>({_$litDirective$:s,values:r}),vt=class{constructor(r){}get _$AU(){return this._$AM._$AU}_$AT(r,e,t){this._$Ct=r,this._$AM=e,this._$Ci=t}_$AS(r,e){return this.update(r,e)}update(r,e){return this.render(...e)}};var fs={},Ra=Ea(class extends vt{constructor(){super(...arguments),this.ot=fs}render(s,r){return r()}update(s,[r,e]){if(Array.isArray(r)){if(Array.isArray(this.ot)&&this.ot.length===r.length&&r.every((t,a)=>t===this.ot[a]))return O}else if(this.ot===r)return O;return this.ot=Array.isArray(r)?Array.from(r):r,this.render(r,e)}});var gs=[...Re,"leakage_current",...Me,...Te],vs=[],_s=me.filter(s=>s!=="normal"),Ke=class extends w{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.filter=null;this.search=""}render(){let{language:e,fleet:t}=this;if(t.boxes.length===0)return c`<p class="empty card">${i(e,"no_boxes")}</p>`;let a=new Map(t.boxes.map(l=>[l.device_id,Y(this.hass,l,this.open.get(l.device_id)??[])])),o=l=>[...a.values()].filter(p=>p===l).length,n=this.search.trim(),d=t.boxes.filter(l=>(this.filter===null||a.get(l.device_id)===this.filter)&&(n===""||ca(l,n)));return c`
      <div class="counts" role="group">
        <button class="count" aria-pressed=${this.filter===null} @click=${()=>this.filter=null}>
          <span class="number">${t.boxes.length}</span>
          <span class="label">${i(e,"count_boxes")}</span>
        </button>
        ${_s.map(l=>c`
            <button
              class="count ${l}"
              aria-pressed=${this.filter===l}
              @click=${()=>this.filter=this.filter===l?null:l}
            >
              <span class="number">${o(l)}</span>
              <span class="label">${Ee[l]}${i(e,`state_${l}`)}</span>
            </button>
          `)}
      </div>
      <label class="search">
        ${st}
        <input
          type="search"
          .value=${this.search}
          placeholder=${i(e,"search")}
          aria-label=${i(e,"search")}
          @input=${l=>this.search=l.target.value}
        />
      </label>
      ${d.length===0?c`<p class="empty card">
              ${i(e,"no_match")}
              <button class="btn" @click=${this.showAll}>${i(e,"show_all")}</button>
            </p>`:it(d).map(l=>this.renderFloor(l,a))}
    `}showAll(){this.filter=null,this.search=""}renderFloor(e,t){return c`
      <section>
        <h2>${Pe(this.language,e)}</h2>
        <div class="areas">
          ${e.areas.map(a=>c`
              <div class="area" style="--boxes: ${Math.min(a.boxes.length,4)}">
                <h3>${a.name??i(this.language,"no_area")}</h3>
                <div class="tiles">
                  ${a.boxes.map(o=>this.guardedTile(o,t.get(o.device_id)??"normal"))}
                </div>
              </div>
            `)}
        </div>
      </section>
    `}guardedTile(e,t){let{hass:a}=this,o=this.open.get(e.device_id)??vs,n=[e,t,o,this.language,this.basePath,a.locale,a.language];for(let d of gs){let l=e.entities[d];l!==void 0&&n.push(a.states[l])}return Ra(n,()=>this.renderTile(e,t,o))}renderTile(e,t,a){let{hass:o,language:n}=this,d=`${this.basePath}/box/${encodeURIComponent(e.device_id)}`,l=[...new Set(a.map(p=>H(n,p.cause)))];return c`
      <a class="tile card ${t}" href=${d} @click=${T(d)}>
        <div class="head">
          <span class="name">${e.name}</span>
          ${X(n,t)}
        </div>
        ${e.location?c`<div class="secondary place">${e.location}</div>`:u}
        ${pt(o,n,e)}
        ${a.length?c`<div class="alarms ${t==="alarm"?"active":""}">
                ${i(n,"open_alarms",{count:a.length})} · ${l.join(", ")}
              </div>`:u}
      </a>
    `}};Ke.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},filter:{state:!0},search:{state:!0}},Ke.styles=[k,ht,ut,x`:host{display:block;}.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px;}.count{display:flex;flex-direction:column;align-items:flex-start;gap:2px;min-height:64px;padding:8px 14px;border-radius:var(--sp-radius);border:1px solid var(--divider-color,#e0e0e0);border-left:6px solid var(--sp-color,var(--primary-color,#03a9f4));background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);text-align:left;}.count[aria-pressed="true"]{background:color-mix( in srgb,var(--sp-color,var(--primary-color,#03a9f4)) 18%,var(--card-background-color,#fff) );border-color:var(--sp-color,var(--primary-color,#03a9f4));}.count .number{font-size:1.6rem;font-weight:500;line-height:1.2;}.count .label{display:inline-flex;align-items:center;gap:4px;font-size:0.875rem;color:var(--secondary-text-color,#727272);}.count .label .icon{width:16px;height:16px;color:var(--sp-color);}.search{margin:16px 0 4px;padding-left:12px;}h2{margin:24px 0 0;font-size:1.25rem;font-weight:500;}h3{margin:12px 0 8px;font-size:0.95rem;font-weight:500;color:var(--secondary-text-color,#727272);}.areas{display:flex;flex-wrap:wrap;gap:0 24px;}.area{flex:1 1 calc(var(--boxes) * 272px);min-width:min(100%,260px);}.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;}.tile{display:block;padding:12px 14px;border-left:6px solid var(--sp-color);color:inherit;text-decoration:none;}.tile:hover{border-color:var(--sp-color);}.tile.alarm{border-color:var(--sp-alarm);animation:pulse 1.6s ease-out infinite;}@keyframes pulse{0%{box-shadow:0 0 0 0 color-mix(in srgb,var(--sp-alarm) 70%,transparent);}100%{box-shadow:0 0 0 10px transparent;}}@media (prefers-reduced-motion:reduce){.tile.alarm{animation:none;box-shadow:0 0 0 2px var(--sp-alarm);}}.head{display:flex;align-items:flex-start;justify-content:space-between;gap:8px;}.name{font-weight:500;font-size:1.05rem;overflow-wrap:anywhere;}.place{margin-top:2px;font-size:0.875rem;}.alarms{margin-top:8px;font-size:0.875rem;font-weight:500;color:var(--secondary-text-color,#727272);}.alarms.active{color:var(--sp-alarm);}`];customElements.get("safe-power-overview")||customElements.define("safe-power-overview",Ke);var oe=7,ir=14,D={left:34,top:26,right:16,bottom:24},bs=48,_t=[1,2,5,10,20,50,100,200,500,1e3],bt=s=>s.x!==null&&s.y!==null,Ta=s=>!bt(s)&&s.latitude!==null&&s.longitude!==null;function xs(s,r,e){let t=s.map(b=>b.x),a=s.map(b=>b.y),o=b=>Math.min(0,...b),n=b=>Math.max(1,Math.max(...b)-o(b)),d=Math.max(1,.06*Math.max(n(t),n(a))),l=(b,F,$,M)=>Math.min((r-D.left-D.right)/(F-b),(e-D.top-D.bottom)/(M-$),bs),p=l(o(t)-d,Math.max(...t)+d,o(a)-d,Math.max(...a)+d),h=_t.find(b=>b*p>=12)??_t[_t.length-1],m=_t.find(b=>b%h===0&&b*p>=56)??h,f=Math.floor((o(t)-d)/h)*h,g=Math.ceil((Math.max(...t)+d)/h)*h,_=Math.floor((o(a)-d)/h)*h,A=Math.ceil((Math.max(...a)+d)/h)*h,v=l(f,g,_,A),S=(b,F)=>Array.from({length:Math.round((F-b)/h)+1},($,M)=>b+M*h);return{width:D.left+(g-f)*v+D.right,height:D.top+(A-_)*v+D.bottom,xs:S(f,g),ys:S(_,A),major:m,minor:h,px:b=>D.left+(b-f)*v,py:b=>D.top+(A-b)*v}}var ys=s=>[...s].reduce((r,e)=>r+((e.codePointAt(0)??0)>=11904?12:6.8),0),Ma=(s,r)=>Math.max(0,Math.min(s.right,r.right)-Math.max(s.left,r.left))*Math.max(0,Math.min(s.bottom,r.bottom)-Math.max(s.top,r.top));function ws(s,r,e,t){let a=[...t,...s.map(l=>({left:l.cx-oe,top:l.cy-oe,right:l.cx+oe,bottom:l.cy+oe}))],o={left:0,top:0,right:e.width,bottom:e.height},n=s.map((l,p)=>p).sort((l,p)=>me.indexOf(s[l].state)-me.indexOf(s[p].state)||s[l].cy-s[p].cy),d=[];for(let l of n){let p=s[l],h=r(p),m=Math.max(...h.map(ys)),f=h.length*ir,g=oe+5,_=p.cy+4-(h.length-1)*ir/2,A=[[{x:p.cx+g,y:_,anchor:"start",lines:h},{left:p.cx+g,top:p.cy-f/2,right:p.cx+g+m,bottom:p.cy+f/2}],[{x:p.cx-g,y:_,anchor:"end",lines:h},{left:p.cx-g-m,top:p.cy-f/2,right:p.cx-g,bottom:p.cy+f/2}],[{x:p.cx,y:p.cy+g+10,anchor:"middle",lines:h},{left:p.cx-m/2,top:p.cy+g,right:p.cx+m/2,bottom:p.cy+g+f}],[{x:p.cx,y:p.cy-g-f+10,anchor:"middle",lines:h},{left:p.cx-m/2,top:p.cy-g-f,right:p.cx+m/2,bottom:p.cy-g}]],v=([,b])=>a.reduce((F,$)=>F+Ma(b,$),0)+4*((b.right-b.left)*(b.bottom-b.top)-Ma(b,o)),S=A.reduce((b,F)=>v(F)<v(b)?F:b);a.push(S[1]),d[l]=S[0]}return s.map((l,p)=>({...l,label:d[p]}))}var Ve=class extends w{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.width=0;this.resize=new ResizeObserver(e=>{this.width=e[0].contentRect.width})}connectedCallback(){super.connectedCallback(),this.resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect()}stateOf(e){return Y(this.hass,e,this.open.get(e.device_id)??[])}href(e){return`${this.basePath}/box/${encodeURIComponent(e.device_id)}`}render(){let e=this.language,t=this.fleet.boxes;if(t.length===0)return c`<p class="empty card">${i(e,"no_boxes")}</p>`;let a=it(t.filter(bt)),o=new Map(t.map(l=>[l.device_id,this.stateOf(l)])),n=l=>l.areas.flatMap(p=>p.boxes).filter(p=>o.get(p.device_id)==="alarm").length,d=a.find(l=>l.key===this.floor)??a.find(l=>n(l)>0)??a[0];return c`
      ${a.length>1?c`<div class="floors" role="group">
              ${a.map(l=>{let p=n(l);return c`<button
                  class="floor"
                  aria-pressed=${l===d}
                  @click=${()=>this.floor=l.key}
                >
                  ${Pe(e,l)}
                  <span class="count">${l.areas.reduce((h,m)=>h+m.boxes.length,0)}</span>
                  ${p?c`<span class="badge" aria-label=${i(e,"state_alarm")}>${p}</span>`:u}
                </button>`})}
            </div>`:u}
      ${d?this.renderFloor(d,o):c`<p class="empty card">${i(e,"plan_none")}</p>`}
      ${this.renderList("on_map",t.filter(Ta),o)}
      ${this.renderList("not_placed",t.filter(l=>!bt(l)&&!Ta(l)),o)}
    `}renderFloor(e,t){let a=this.language,o=e.areas.flatMap(h=>h.boxes).filter(bt).map(h=>({box:h,x:h.x,y:h.y})),n=Pe(a,e),d=me.map(h=>[h,o.filter(m=>t.get(m.box.device_id)===h).length]).filter(([,h])=>h>0),l=Math.max(280,Math.min(window.innerHeight*.68,760)),p=this.width>0?xs(o,this.width-34,l):null;return c`
      <section class="card plan">
        <h2>${n}</h2>
        ${p?this.renderSvg(p,o,t,n):u}
        <div class="below">
          <ul class="legend">
            ${d.map(([h,m])=>c`<li class=${h}>
                <span class="dot"></span>${i(a,`state_${h}`)} <strong>${m}</strong>
              </li>`)}
          </ul>
          ${p?c`<span class="secondary small">
                  ${i(a,"plan_grid",{step:P(E(this.hass),p.minor,0)})}
                </span>`:u}
        </div>
      </section>
    `}renderSvg(e,t,a,o){let n=this.language,d=E(this.hass),l=e.py(e.ys[e.ys.length-1]),p=e.py(e.ys[0]),h=e.px(e.xs[0]),m=e.px(e.xs[e.xs.length-1]),f={x:m-4,y:l-22},g=ws(t.map(({box:v,x:S,y:b})=>({box:v,state:a.get(v.device_id)??"normal",cx:e.px(S),cy:e.py(b)})),v=>v.state==="normal"?[v.box.name]:[v.box.name,i(n,`state_${v.state}`)],e,[{left:f.x-24,top:f.y-2,right:f.x+6,bottom:f.y+16}]),_=v=>Math.abs(v/e.major-Math.round(v/e.major))<1e-9,A=v=>P(d,v,0);return y`
      <svg
        role="img"
        aria-label=${i(n,"plan_label",{floor:o})}
        width=${e.width}
        height=${e.height}
        viewBox="0 0 ${e.width} ${e.height}"
      >
        <rect class="floor-area" x=${h} y=${l} width=${m-h} height=${p-l}></rect>
        ${e.xs.map(v=>y`
            <line class=${_(v)?"major":"minor"} x1=${e.px(v)} x2=${e.px(v)} y1=${l} y2=${p}></line>
            ${_(v)?y`<text class="axis" x=${e.px(v)} y=${p+16} text-anchor="middle">${A(v)}</text>`:u}
          `)}
        ${e.ys.map(v=>y`
            <line class=${_(v)?"major":"minor"} x1=${h} x2=${m} y1=${e.py(v)} y2=${e.py(v)}></line>
            ${_(v)?y`<text class="axis" x=${h-6} y=${e.py(v)+4} text-anchor="end">${A(v)}</text>`:u}
          `)}
        <g class="north" transform="translate(${f.x} ${f.y})">
          <path d="M0 0 L5 14 L0 10 L-5 14 Z"></path>
          <text x="-9" y="13" text-anchor="end">${i(n,"plan_north")}</text>
        </g>
        ${g.map(v=>this.renderDot(v))}
      </svg>
    `}renderDot(e){let t=this.language,{box:a,state:o,cx:n,cy:d,label:l}=e,p=this.href(a),h=[a.name,i(t,`state_${o}`),ae(a.area,a.location)].filter(m=>m).join(" · ");return y`
      <a class="box ${o}" href=${p} @click=${T(p)} aria-label=${h}>
        <title>${h}</title>
        ${o==="alarm"?y`<circle class="pulse" cx=${n} cy=${d} r=${oe}></circle>`:u}
        <circle class="mark" cx=${n} cy=${d} r=${oe}></circle>
        <text class="label" x=${l.x} y=${l.y} text-anchor=${l.anchor}>
          ${l.lines.map((m,f)=>y`<tspan class=${f===0?"name":"state"} x=${l.x} dy=${f===0?0:ir}>${m}</tspan>`)}
        </text>
      </a>
    `}renderList(e,t,a){if(t.length===0)return u;let o=this.language,n=E(this.hass),d=[...t].sort((l,p)=>l.name.localeCompare(p.name));return c`
      <section class="card list">
        <div class="list-head">
          <div>
            <h2>${i(o,e)}</h2>
            <p class="secondary small">${i(o,e==="on_map"?"on_map_hint":"not_placed_hint")}</p>
          </div>
          ${e==="on_map"?c`<a class="btn" href="/map" @click=${T("/map")}>${i(o,"open_map")}</a>`:u}
        </div>
        <ul>
          ${d.map(l=>{let p=this.href(l),h=ae(l.area,l.location),m=e==="on_map"&&l.latitude!==null&&l.longitude!==null?`${P(n,l.latitude,5)}, ${P(n,l.longitude,5)}`:"";return c`<li>
              <a href=${p} @click=${T(p)}>${l.name}</a>
              ${X(o,a.get(l.device_id)??"normal")}
              <span class="secondary small">${[h,m].filter(f=>f).join(" · ")}</span>
            </li>`})}
        </ul>
      </section>
    `}};Ve.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},floor:{state:!0},width:{state:!0}},Ve.styles=[k,x`:host{display:flex;flex-direction:column;gap:12px;}h2{margin:0 0 8px;font-size:1.1rem;font-weight:500;}.small{font-size:0.85rem;}.floors{display:flex;flex-wrap:wrap;gap:8px;}.floor{display:inline-flex;align-items:center;gap:6px;min-height:40px;padding:0 14px;border-radius:20px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);font-weight:500;}.floor[aria-pressed="true"]{border-color:var(--primary-color,#03a9f4);background:color-mix(in srgb,var(--primary-color,#03a9f4) 16%,var(--card-background-color,#fff));}.floor .count{color:var(--secondary-text-color,#727272);font-weight:400;}.badge{min-width:20px;padding:0 6px;border-radius:10px;background:var(--sp-alarm);color:#fff;font-size:0.75rem;line-height:20px;text-align:center;}.plan{padding:16px;}svg{display:block;margin:0 auto;max-width:100%;height:auto;font-size:12px;font-family:inherit;}.floor-area{fill:color-mix(in srgb,var(--primary-text-color,#212121) 3%,transparent);}line.minor{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 7%,transparent);stroke-width:1;}line.major{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 18%,transparent);stroke-width:1;}.axis{fill:var(--secondary-text-color,#727272);font-size:11px;}.north path{fill:var(--secondary-text-color,#727272);}.north text{fill:var(--secondary-text-color,#727272);font-size:11px;font-weight:500;}.box{cursor:pointer;}.box:focus-visible{outline:none;}.box:focus-visible .mark,.box:hover .mark{stroke:var(--primary-text-color,#212121);}.mark{fill:var(--sp-color);stroke:var(--card-background-color,#fff);stroke-width:2;}.pulse{fill:var(--sp-alarm);transform-box:fill-box;transform-origin:center;animation:ring 1.6s ease-out infinite;}@keyframes ring{from{opacity:0.6;transform:scale(1);}to{opacity:0;transform:scale(3);}}@media (prefers-reduced-motion:reduce){.pulse{animation:none;opacity:0.3;transform:scale(1.9);}}.label{paint-order:stroke;stroke:var(--card-background-color,#fff);stroke-width:3px;stroke-linejoin:round;}.label .name{fill:var(--primary-text-color,#212121);font-weight:500;}.label .state{fill:var(--sp-color);font-size:11px;font-weight:500;}.box:hover .name,.box:focus-visible .name{text-decoration:underline;}.below{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;margin-top:8px;}.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:0;list-style:none;font-size:0.875rem;}.legend li{display:flex;align-items:center;gap:6px;}.legend .dot{width:12px;height:12px;border-radius:50%;background:var(--sp-color);}.list{padding:16px;}.list-head{display:flex;flex-wrap:wrap;align-items:flex-start;justify-content:space-between;gap:8px 16px;}.list-head p{margin:0 0 8px;}.list-head a.btn{text-decoration:none;}.list ul{margin:0;padding:0;list-style:none;}.list li{display:flex;flex-wrap:wrap;align-items:center;gap:4px 12px;padding:8px 0;border-top:1px solid var(--divider-color,#e0e0e0);}.list li>a{color:var(--primary-color,#03a9f4);font-weight:500;text-decoration:none;}.list li>a:hover{text-decoration:underline;}`];customElements.get("safe-power-plan")||customElements.define("safe-power-plan",Ve);var $s=["all","area","boxes"],As={day:"report_date_day",month:"report_date_month",year:"report_date_year"},xt,qe=class extends w{constructor(){super(...arguments);this.language="en";this.running=!1;this.error=null;this.report=null}willUpdate(){if(this.form)return;let e=pe(this.hass),t=e.slice(0,10);this.form=xt?.form??{kind:"month",date:t,start:`${ea(t,-7)}T00:00`,end:`${e.slice(0,13)}:00`,scope:"all",areaId:this.areas()[0]?.[0]??"",deviceIds:[],language:this.language},this.report=xt?.report??null}areas(){let e=new Map;for(let t of this.fleet.boxes)t.area_id!==null&&e.set(t.area_id,t.area??t.area_id);return[...e].sort((t,a)=>t[1].localeCompare(a[1]))}set(e,t){this.form&&(this.form={...this.form,[e]:t},xt={form:this.form,report:this.report})}toggleBox(e,t){let a=this.form?.deviceIds??[];this.set("deviceIds",t?[...a,e]:a.filter(o=>o!==e))}problem(e){return e.kind==="custom"&&!(e.start&&e.end&&e.end>e.start)?"report_bad_range":e.scope==="boxes"&&e.deviceIds.length===0?"report_pick_boxes":null}request(e){let t=new Set(this.fleet.boxes.map(a=>a.device_id));return{period:e.kind,date:e.date||pe(this.hass).slice(0,10),...e.kind==="custom"&&{start:Kt(this.hass,e.start),end:Kt(this.hass,e.end)},...e.scope==="area"&&{area_id:[e.areaId]},...e.scope==="boxes"&&{device_id:e.deviceIds.filter(a=>t.has(a))},language:e.language,save:!0}}async run(){let e=this.form;if(!(!e||this.running||this.problem(e)!==null)){this.running=!0,this.error=null,this.report=null;try{this.report=await jr(this.hass,this.request(e)),xt={form:e,report:this.report}}catch(t){this.error=R(t)}this.running=!1}}render(){let e=this.form;if(!e)return u;let t=this.language,a=this.problem(e);return c`
      <section class="card form">
        <div class="fields">
          ${this.select(i(t,"report_period"),zr.map(o=>[o,i(t,`report_${o}`)]),e.kind,o=>this.set("kind",o))}
          ${e.kind==="custom"?this.renderRange(e):this.renderDate(e,e.kind)}
          ${this.select(i(t,"report_scope"),$s.filter(o=>o!=="area"||this.areas().length>0).map(o=>[o,i(t,`scope_${o}`)]),e.scope,o=>this.set("scope",o))}
          ${e.scope==="area"?this.select(i(t,"area"),this.areas(),e.areaId,o=>this.set("areaId",o)):u}
          ${this.select(i(t,"report_language"),Object.keys(Vt).map(o=>[o,Vt[o]]),e.language,o=>this.set("language",o))}
        </div>
        ${e.scope==="boxes"?this.renderBoxes(e):u}
        <div class="actions">
          ${a?c`<span class="problem">${i(t,a)}</span>`:u}
          <button class="btn primary" ?disabled=${this.running||a!==null} @click=${this.run}>
            ${i(t,this.running?"making_report":"make_report")}
          </button>
        </div>
        ${this.running?c`<div class="progress" role="status">
                <div class="bar"><span></span></div>
                <span class="secondary">${i(t,"report_slow")}</span>
              </div>`:u}
      </section>
      ${this.error?c`<div class="banner" role="alert">${i(t,"report_error",{message:this.error})}</div>`:u}
      ${this.report&&!this.running?this.renderReport(this.report):u}
    `}select(e,t,a,o){return c`
      <label>
        <span class="secondary">${e}</span>
        <select @change=${n=>o(t[n.target.selectedIndex][0])}>
          ${t.map(([n,d])=>c`<option ?selected=${n===a}>${d}</option>`)}
        </select>
      </label>
    `}renderDate(e,t){return c`
      <label>
        <span class="secondary">${i(this.language,As[t])}</span>
        <input
          type="date"
          required
          .value=${e.date}
          max=${pe(this.hass).slice(0,10)}
          @change=${a=>this.set("date",a.target.value)}
        />
      </label>
    `}renderRange(e){let t=a=>c`
      <label>
        <span class="secondary">${i(this.language,`report_${a}`)}</span>
        <input
          type="datetime-local"
          required
          .value=${e[a]}
          @change=${o=>this.set(a,o.target.value)}
        />
      </label>
    `;return c`${t("start")}${t("end")}`}renderBoxes(e){let t=[...this.fleet.boxes].sort((a,o)=>a.name.localeCompare(o.name));return c`
      <fieldset class="boxes">
        <legend class="secondary">${i(this.language,"scope_boxes")}</legend>
        ${t.map(a=>c`
            <label class="box">
              <input
                type="checkbox"
                .checked=${e.deviceIds.includes(a.device_id)}
                @change=${o=>this.toggleBox(a.device_id,o.target.checked)}
              />
              <span>${a.name}${a.area?c` <span class="secondary">· ${a.area}</span>`:u}</span>
            </label>
          `)}
      </fieldset>
    `}renderReport(e){let t=this.language,{summary:a,scope:o,files:n}=e;return c`
      <section class="result">
        <div class="result-head">
          <div>
            <h2>${i(t,"report_title",{label:e.period.label})}</h2>
            <div class="secondary">
              ${[i(t,"report_scope_count",{count:o.boxes}),...o.areas].join(" · ")}
            </div>
          </div>
          <div class="files">
            ${n?.html?c`<a class="btn primary" href=${n.html} target="_blank" rel="noopener"
                    >${ue}${i(t,"open_printable")}</a
                  >`:u}
            ${n?.csv?c`<a class="btn" href=${n.csv} download>${ot}${i(t,"download_csv")}</a>`:u}
          </div>
        </div>
        ${n?.html||n?.csv?u:c`<p class="secondary">${i(t,"report_no_files")}</p>`}
        ${a.has_data?c`<div class="tiles">
                  ${this.renderEnergy(e)} ${this.renderDemand(e)} ${this.renderQualification(e)}
                  ${this.renderAlarms(e)}
                </div>
                ${this.renderCauses(e)}`:c`<p class="empty card">${i(t,"report_no_data")}</p>`}
      </section>
    `}tile(e,t,a=u){return c`
      <div class="tile card ${e}">
        <div class="secondary">${i(this.language,e)}</div>
        <div class="figure ${t===null?"none":""}">${t??i(this.language,"no_data")}</div>
        ${a}
      </div>
    `}renderEnergy({summary:e}){let t=E(this.hass),a=d=>C(t,d,"kWh",d>=1e3?0:1),o=ke.map(d=>[d,e.by_period[d]]).filter(d=>d[1]!==void 0),n=o.reduce((d,[,l])=>d+l,0);return this.tile("fig_energy",e.energy===null?null:a(e.energy),n>0?c`
            <div class="split" aria-hidden="true">
              ${o.map(([d,l])=>c`<span class=${d} style="flex-grow: ${l/n}"></span>`)}
            </div>
            <ul class="legend">
              ${o.map(([d,l])=>c`<li>
                  <span class="swatch ${d}"></span>${i(this.language,`period_${d}`)}
                  <strong>${a(l)}</strong>
                  <span class="secondary">${P(t,l/n*100,0)}%</span>
                </li>`)}
            </ul>
          `:u)}renderDemand({summary:e}){let t=e.max_demand;return this.tile("fig_max_demand",t===null?null:C(E(this.hass),t.kw,"kW"),t===null?u:c`<div class="secondary">${i(this.language,"demand_at",{time:Xr(this.hass,t.at)})}</div>`)}renderQualification({summary:e}){let t=e.qualification_mean;return this.tile("fig_qualification",t===null?null:`${P(E(this.hass),t,2)}%`)}renderAlarms({summary:e,alarms:t}){let a=this.language,o=e.worst_box,n=[...t.open?[i(a,"alarms_open",{count:t.open})]:[],...t.unacknowledged?[i(a,"alarms_unacknowledged",{count:t.unacknowledged})]:[]];return this.tile("fig_alarms",String(e.alarms),c`
        ${n.length?c`<div class=${t.open?"open":"secondary"}>${n.join(" · ")}</div>`:u}
        ${o&&o.alarms>0?c`<div class="secondary">${i(a,"worst_box",{box:o.name,count:o.alarms})}</div>`:u}
        ${e.covered_alarms?c`<div class="secondary small">${i(a,"alarms_covered",{count:e.covered_alarms})}</div>`:u}
      `)}renderCauses({alarms:e}){let t=this.language,a=Math.max(1,...e.by_cause.map(o=>o.count));return c`
      <section class="card causes">
        <h3>${i(t,"by_cause")}</h3>
        ${e.by_cause.length===0?c`<p class="secondary">${i(t,"no_report_alarms")}</p>`:c`<ul>
                ${e.by_cause.map(o=>c`<li>
                    <span class="name">${H(t,o.key)}</span>
                    <span class="bar"><span style="width: ${o.count/a*100}%"></span></span>
                    <strong>${o.count}</strong>
                  </li>`)}
              </ul>`}
      </section>
    `}};qe.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},form:{state:!0},running:{state:!0},error:{state:!0},report:{state:!0}},qe.styles=[k,mt,x`:host{display:flex;flex-direction:column;gap:16px;}.form{padding:16px;}.fields{display:flex;flex-wrap:wrap;gap:12px 16px;align-items:flex-end;}.fields label{display:flex;flex-direction:column;gap:2px;font-size:0.8rem;}.fields select,.fields input{font-size:0.95rem;min-width:150px;}.boxes{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:2px 16px;max-height:240px;overflow-y:auto;margin:16px 0 0;padding:8px 12px;border:1px solid var(--divider-color,#e0e0e0);border-radius:8px;}.boxes legend{padding:0 4px;font-size:0.8rem;}.box{display:flex;align-items:center;gap:8px;min-height:36px;}.box input{min-height:0;width:18px;height:18px;margin:0;accent-color:var(--primary-color,#03a9f4);}.actions{display:flex;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:8px 16px;margin-top:16px;}.problem{color:var(--sp-alarm);font-weight:500;}.progress{display:flex;flex-direction:column;gap:6px;margin-top:12px;}.progress .bar{position:relative;height:4px;overflow:hidden;border-radius:2px;background:color-mix(in srgb,var(--primary-color,#03a9f4) 20%,transparent);}.progress .bar span{position:absolute;inset:0 auto 0 0;width:35%;background:var(--primary-color,#03a9f4);animation:slide 1.4s ease-in-out infinite;}@keyframes slide{from{left:-35%;}to{left:100%;}}@media (prefers-reduced-motion:reduce){.progress .bar span{animation:none;width:100%;opacity:0.6;}}.result{display:flex;flex-direction:column;gap:12px;}.result-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:12px;}h2{margin:0;font-size:1.25rem;font-weight:500;}h3{margin:0 0 12px;font-size:1.05rem;font-weight:500;}.files{display:flex;flex-wrap:wrap;gap:8px;}.files a{text-decoration:none;}.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px;}.tile{display:flex;flex-direction:column;gap:4px;padding:14px 16px;}.figure{font-size:1.75rem;font-weight:500;line-height:1.25;}.figure.none{font-size:1.1rem;color:var(--secondary-text-color,#727272);}.small{font-size:0.85rem;}.open{color:var(--sp-alarm);font-weight:500;}.split{display:flex;height:10px;margin:6px 0 2px;overflow:hidden;border-radius:5px;}.split span{flex-basis:0;min-width:2px;}.legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:4px 0 0;padding:0;list-style:none;font-size:0.875rem;}.legend li{display:flex;align-items:center;gap:5px;}.swatch{width:10px;height:10px;border-radius:2px;}.causes{padding:16px;}.causes p{margin:0;}.causes ul{display:flex;flex-direction:column;gap:8px;margin:0;padding:0;list-style:none;}.causes li{display:grid;grid-template-columns:minmax(120px,220px) 1fr 3ch;align-items:center;gap:12px;}.causes .bar{height:10px;border-radius:5px;background:color-mix(in srgb,var(--primary-text-color,#212121) 7%,transparent);}.causes .bar span{display:block;height:100%;min-width:4px;border-radius:5px;background:var(--sp-alarm);}.causes strong{text-align:right;}@media (max-width:600px){.fields label{flex:1 1 40%;}.fields select,.fields input{min-width:0;width:100%;}.actions .btn{flex:1;}.files .btn{flex:1;}.tiles{grid-template-columns:repeat(2,minmax(0,1fr));}.tile.fig_energy,.tile.fig_alarms{grid-column:1 / -1;}.figure{font-size:1.5rem;}.causes li{grid-template-columns:1fr 3ch;gap:2px 12px;}.causes .name{grid-column:1 / -1;}}`];customElements.get("safe-power-reports")||customElements.define("safe-power-reports",qe);var ks="https://github.com/safe-power/safe-power/blob/main/docs/panel.md#units-二级单位";function lr(s){let r=Object.entries(s.user_areas).map(([e,t])=>[e,[...new Set(t)].sort()]).filter(([,e])=>e.length>0).sort(([e],[t])=>e<t?-1:e>t?1:0);return{power_users:[...new Set(s.power_users)].sort(),user_areas:Object.fromEntries(r),tariff:s.tariff?s.tariff.map(({start:e,period:t})=>({start:e,period:t})):null}}var yt=1440;function dr(s){let r=/^(\d{1,2}):(\d{2})$/.exec(s);if(!r)return NaN;let e=Number(r[1])*60+Number(r[2]);return Number(r[2])<60&&e<yt?e:NaN}var cr=s=>`${String(Math.floor(s/60)).padStart(2,"0")}:${String(s%60).padStart(2,"0")}`;function Ca(s){if(!s.length)return["tariff_empty",{}];let r=-1;for(let[e,t]of s.entries()){let a=dr(t.start);if(Number.isNaN(a))return["tariff_bad_time",{row:String(e+1)}];if(e===0&&a!==0)return["tariff_first",{row:"1",start:t.start}];if(e>0&&a<=r)return["tariff_order",{row:String(e+1),start:t.start,previous:s[e-1].start}];r=a}return null}var Ge=class extends w{constructor(){super(...arguments);this.language="en";this.compact=!1;this.users=[];this.areas=[];this.loadError=null;this.saving=!1;this.saveError=null;this.justSaved=!1;this.picking=null;this.areaFilter="";this.started=!1}connectedCallback(){super.connectedCallback(),!this.started&&this.hass&&this.load()}willUpdate(){!this.started&&this.hass&&this.load()}async load(){this.started=!0,this.loadError=null;try{let[e,t,a]=await Promise.all([Ir(this.hass),Br(this.hass),Dr(this.hass)]);this.users=t;let o=this.collator();this.areas=[...a].sort((n,d)=>o.compare(n.name,d.name)),this.saved=lr(e),this.draft=this.saved}catch(e){this.loadError=R(e)}}collator(){try{return new Intl.Collator(E(this.hass),{numeric:!0,sensitivity:"base"})}catch{return new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"})}}choosable(){let e=this.collator();return this.users.filter(t=>!t.system_generated&&!t.is_owner&&!t.group_ids.includes(Hr)).sort((t,a)=>e.compare(t.name,a.name))}payload(e){let t=new Set(this.users.map(o=>o.id)),a=new Set(this.areas.map(o=>o.area_id));return lr({power_users:e.power_users.filter(o=>t.has(o)),user_areas:Object.fromEntries(Object.entries(e.user_areas).filter(([o])=>t.has(o)).map(([o,n])=>[o,n.filter(d=>a.has(d))])),tariff:e.tariff})}stale(e){let t=new Set(this.users.map(n=>n.id)),a=new Set(this.areas.map(n=>n.area_id)),o=[...e.power_users,...Object.keys(e.user_areas)];return[...new Set([...o.filter(n=>!t.has(n)),...Object.values(e.user_areas).flat().filter(n=>!a.has(n))])]}get dirty(){return!this.draft||!this.saved?!1:JSON.stringify(this.payload(this.draft))!==JSON.stringify(this.payload(this.saved))}edit(e){this.draft=e,this.justSaved=!1,this.saveError=null}setPower(e,t){if(!this.draft)return;let a=this.draft.power_users.filter(o=>o!==e);this.edit({...this.draft,power_users:t?[...a,e]:a})}setAreas(e,t){if(!this.draft)return;let a={...this.draft.user_areas};t.length?a[e]=t:delete a[e],this.edit({...this.draft,user_areas:a})}toggleArea(e,t,a){let o=this.draft?.user_areas[e]??[];this.setAreas(e,a?[...o.filter(n=>n!==t),t]:o.filter(n=>n!==t))}rows(){return this.draft?.tariff??Fr}setTariff(e){this.draft&&this.edit({...this.draft,tariff:e})}editRow(e,t){this.setTariff(this.rows().map((a,o)=>o===e?{...a,...t}:{...a}))}addRow(){let e=this.rows().map(o=>({...o})),t=dr(e[e.length-1]?.start??""),a=Number.isNaN(t)?0:Math.min(yt-1,t+60);e.push({start:cr(e.length?a:0),period:"flat"}),this.setTariff(e)}removeRow(e){this.setTariff(this.rows().filter((t,a)=>a!==e).map(t=>({...t})))}async save(){if(!(!this.draft||this.saving)&&!(this.draft.tariff&&Ca(this.draft.tariff))){this.saving=!0,this.saveError=null;try{let e=await Or(this.hass,this.payload(this.draft));this.saved=lr(e),this.draft=this.saved,this.justSaved=!0,this.picking=null}catch(e){this.saveError=R(e)}this.saving=!1}}discard(){this.saved&&(this.edit(this.saved),this.picking=null)}render(){let e=this.language;if(!this.hass.user?.is_admin)return c`<p class="empty card">${i(e,"settings_admin_only")}</p>`;let t=this.renderNotice();if(this.loadError!==null)return c`${t}
        <div class="banner" role="alert">
          <span>${i(e,"settings_load_error",{message:this.loadError})}</span>
          <button class="btn" @click=${()=>{this.load()}}>${i(e,"retry")}</button>
        </div>`;let a=this.draft;if(!a||!this.saved)return c`${t}<p class="empty" role="status">${i(e,"loading")}</p>`;let o=this.choosable(),n=this.stale(this.saved),d=this.dirty,l=a.tariff?Ca(a.tariff):null,p=(d||n.length>0)&&!this.saving&&!l;return c`
      ${t}
      <section class="card users">
        <h2>${i(e,"users_heading")}</h2>
        <p class="secondary hint">${i(e,"users_hint")}</p>
        ${o.length===0?c`<p class="empty">${i(e,"no_users")}</p>`:c`<div class="table" role="table" aria-label=${i(e,"users_heading")}>
                <div class="row header" role="row">
                  <span role="columnheader">${i(e,"col_user")}</span>
                  <span role="columnheader">${i(e,"col_can_power")}</span>
                  <span role="columnheader">${i(e,"col_areas")}</span>
                </div>
                ${o.map(h=>this.renderUser(h,a))}
              </div>`}
        ${n.length?c`<p class="stale secondary">${i(e,"settings_stale",{names:n.join(", ")})}</p>`:u}
      </section>
      ${this.renderTariff(a,l)}
      <div class="bar ${d?"dirty":""}">
        <span class="status" role="status">
          ${this.saveError!==null?c`<span class="error">${i(e,"save_error",{message:this.saveError})}</span>`:l?c`<span class="error">${i(e,"tariff_invalid")}</span>`:this.justSaved&&!d?c`<span class="ok">${re}${i(e,"saved")}</span>`:d?i(e,"unsaved"):u}
        </span>
        <button class="btn" ?disabled=${!d||this.saving} @click=${this.discard}>${i(e,"discard")}</button>
        <button class="btn primary" ?disabled=${!p} @click=${()=>{this.save()}}>
          ${i(e,this.saving?"saving":"save")}
        </button>
      </div>
    `}renderTariff(e,t){let a=this.language,o=this.rows(),n=e.tariff!==null,d=o.map(p=>dr(p.start)),l=[];if(!t&&o.length){let p=o.map((h,m)=>[d[m],h.period]).sort((h,m)=>h[0]-m[0]);p[0][0]>0&&l.push([p[p.length-1][1],0,p[0][0]]),p.forEach(([h,m],f)=>{let g=f+1<p.length?p[f+1][0]:yt;g>h&&l.push([m,h,g])})}return c`<section class="card tariff">
      <h2>${i(a,"tariff_heading")}</h2>
      <p class="secondary hint">${i(a,"tariff_hint")}</p>
      <p class="tariff-state">
        <span class="tag ${n?"own":""}">${i(a,n?"tariff_custom":"tariff_default_used")}</span>
      </p>
      <div class="day" role="img" aria-label=${i(a,"tariff_bar")}>
        <div class="segments">
          ${l.map(([p,h,m])=>c`<span
              class=${p}
              style="flex-grow: ${m-h}"
              title="${cr(h)}–${cr(m===yt?0:m)} ${i(a,`period_${p}`)}"
            ></span>`)}
        </div>
        <div class="hours" aria-hidden="true">
          ${[0,6,12,18,24].map(p=>c`<span style="left: ${p/24*100}%">${p}</span>`)}
        </div>
      </div>
      <ul class="legend" aria-hidden="true">
        ${ke.map(p=>c`<li><span class="swatch ${p}"></span>${i(a,`period_${p}`)}</li>`)}
      </ul>
      <div class="changes" role="table" aria-label=${i(a,"tariff_heading")}>
        <div class="change header" role="row">
          <span role="columnheader">${i(a,"tariff_start")}</span>
          <span role="columnheader">${i(a,"tariff_period")}</span>
          <span></span>
        </div>
        ${o.map((p,h)=>c`<div class="change" role="row">
            <span role="cell">
              <input
                type="time"
                step="60"
                required
                .value=${p.start}
                aria-label=${i(a,"tariff_start_of",{row:h+1})}
                aria-invalid=${t!==null&&t[1].row===String(h+1)}
                @change=${m=>this.editRow(h,{start:m.target.value})}
              />
            </span>
            <span role="cell" class="period">
              <span class="swatch ${p.period}"></span>
              <select
                aria-label=${i(a,"tariff_period_of",{row:h+1})}
                @change=${m=>this.editRow(h,{period:m.target.value})}
              >
                ${ke.map(m=>c`<option value=${m} ?selected=${m===p.period}>${i(a,`period_${m}`)}</option>`)}
              </select>
            </span>
            <span role="cell">
              <button
                class="btn small"
                aria-label=${i(a,"tariff_remove",{start:p.start||"?"})}
                ?disabled=${o.length<=1}
                @click=${()=>this.removeRow(h)}
              >
                ×
              </button>
            </span>
          </div>`)}
      </div>
      ${t?c`<p class="error problem" role="alert">${i(a,t[0],t[1])}</p>`:u}
      <div class="tariff-actions">
        <button class="btn small" ?disabled=${o.length>=48} @click=${this.addRow}>${i(a,"tariff_add")}</button>
        <button class="btn small" ?disabled=${!n} @click=${()=>this.setTariff(null)}>
          ${i(a,"tariff_use_default")}
        </button>
      </div>
    </section>`}renderNotice(){let e=this.language;return c`<section class="card notice" role="note">
      ${oa}
      <div>
        <h2>${i(e,"settings_notice_title")}</h2>
        <p>${i(e,"settings_notice")}</p>
        <p>
          ${i(e,"settings_units")}
          <a href=${ks} target="_blank" rel="noopener">${i(e,"settings_units_link")}</a>
        </p>
      </div>
    </section>`}renderUser(e,t){let a=this.language,o=new Set(t.user_areas[e.id]??[]),n=this.areas.filter(l=>o.has(l.area_id)),d=this.picking===e.id;return c`
      <div class="row" role="row">
        <span class="user" role="cell">
          <span class="name">${e.name}</span>
          ${e.username?c`<span class="secondary username">${e.username}</span>`:u}
          ${e.is_active?u:c`<span class="tag">${i(a,"user_inactive")}</span>`}
        </span>
        <span role="cell">
          <label class="check">
            <input
              type="checkbox"
              .checked=${t.power_users.includes(e.id)}
              @change=${l=>this.setPower(e.id,l.target.checked)}
            />
            <span>${i(a,this.compact?"col_can_power":"can_power")}</span>
          </label>
        </span>
        <span class="areas" role="cell">
          ${n.length?n.map(l=>c`<span class="area-chip"
                    >${l.name}<button
                      class="remove"
                      aria-label=${i(a,"remove_area",{area:l.name})}
                      @click=${()=>this.toggleArea(e.id,l.area_id,!1)}
                    >
                      ×
                    </button></span
                  >`):c`<span class="secondary all">${i(a,"all_areas")}</span>`}
          <button
            class="btn small"
            aria-expanded=${d}
            ?disabled=${this.areas.length===0}
            @click=${()=>{this.picking=d?null:e.id,this.areaFilter=""}}
          >
            ${i(a,d?"done":"choose_areas")}
          </button>
        </span>
      </div>
      ${d?this.renderPicker(e,o):u}
    `}renderPicker(e,t){let a=this.language,o=this.areaFilter.trim().toLocaleLowerCase(),n=this.areas.filter(d=>!o||d.name.toLocaleLowerCase().includes(o));return c`<div class="picker" role="group" aria-label=${i(a,"choose_areas_for",{user:e.name})}>
      <div class="picker-head">
        <label class="search">
          ${st}
          <input
            type="search"
            .value=${this.areaFilter}
            placeholder=${i(a,"filter_areas")}
            aria-label=${i(a,"filter_areas")}
            @input=${d=>this.areaFilter=d.target.value}
          />
        </label>
        <button class="btn small" ?disabled=${t.size===0} @click=${()=>this.setAreas(e.id,[])}>
          ${i(a,"clear_areas")}
        </button>
      </div>
      <p class="secondary hint">
        ${t.size===0?i(a,"areas_none_chosen"):t.size===1?i(a,"areas_chosen_one"):i(a,"areas_chosen",{count:t.size})}
      </p>
      ${n.length?c`<div class="area-grid">
              ${n.map(d=>c`<label class="check">
                  <input
                    type="checkbox"
                    .checked=${t.has(d.area_id)}
                    @change=${l=>this.toggleArea(e.id,d.area_id,l.target.checked)}
                  />
                  <span>${d.name}</span>
                </label>`)}
            </div>`:c`<p class="secondary">${i(a,"no_area_match")}</p>`}
    </div>`}};Ge.properties={hass:{attribute:!1},language:{attribute:!1},compact:{type:Boolean,reflect:!0},saved:{state:!0},draft:{state:!0},users:{state:!0},areas:{state:!0},loadError:{state:!0},saving:{state:!0},saveError:{state:!0},justSaved:{state:!0},picking:{state:!0},areaFilter:{state:!0}},Ge.styles=[k,ut,mt,x`.day{margin:8px 0 4px;max-width:640px;}.segments{display:flex;height:14px;border-radius:4px;background:var(--divider-color,#e0e0e0);overflow:hidden;}.hours{position:relative;height:16px;font-size:0.75rem;color:var(--secondary-text-color,#727272);}.hours span{position:absolute;top:2px;transform:translateX(-50%);}.hours span:first-child{transform:none;}.hours span:last-child{transform:translateX(-100%);}.legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:4px 0 8px;padding:0;list-style:none;font-size:0.85rem;}.legend li,.period{display:inline-flex;align-items:center;gap:6px;}.swatch{display:inline-block;flex:none;width:10px;height:10px;border-radius:2px;}.tariff-state{margin:4px 0;}.tag.own{color:var(--primary-color,#03a9f4);border-color:var(--primary-color,#03a9f4);}.changes{display:flex;flex-direction:column;max-width:420px;}.change{display:grid;grid-template-columns:130px 1fr 44px;align-items:center;gap:8px;padding:4px 0;}.change.header{font-size:0.85rem;color:var(--secondary-text-color,#727272);}.change input,.change select{min-height:36px;box-sizing:border-box;padding:0 8px;border:1px solid var(--divider-color,#e0e0e0);border-radius:6px;background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);font:inherit;}.change select{flex:1;min-width:0;}.change input[aria-invalid="true"]{border-color:var(--error-color,#db4437);}.problem{margin-top:8px;}.tariff-actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px;}:host{display:flex;flex-direction:column;gap:12px;}section{padding:16px;}h2{margin:0 0 4px;font-size:1.1rem;font-weight:500;}p{margin:0;}.notice{display:flex;gap:12px;align-items:flex-start;border-left:6px solid var(--warning-color,#ffa600);background:color-mix(in srgb,var(--warning-color,#ffa600) 9%,var(--card-background-color,#fff));}.notice>.icon{width:24px;height:24px;color:var(--warning-color,#ffa600);margin-top:2px;}.notice p + p{margin-top:8px;}.notice a{color:var(--primary-color,#03a9f4);}.hint{font-size:0.9rem;margin-bottom:8px;}.table{display:flex;flex-direction:column;}.row{display:grid;grid-template-columns:minmax(160px,1fr) minmax(150px,0.8fr) minmax(240px,2fr);align-items:center;gap:8px 16px;padding:10px 0;border-top:1px solid var(--divider-color,#e0e0e0);}.row.header{border-top:none;padding:4px 0;font-size:0.85rem;font-weight:500;color:var(--secondary-text-color,#727272);}.user{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 8px;}.name{font-weight:500;}.username{font-size:0.85rem;}.tag{padding:0 6px;border-radius:8px;font-size:0.75rem;background:color-mix(in srgb,var(--primary-text-color,#212121) 10%,transparent);}.check{display:inline-flex;align-items:center;gap:8px;min-height:36px;cursor:pointer;}.check input{min-height:0;width:18px;height:18px;margin:0;accent-color:var(--primary-color,#03a9f4);}.areas{display:flex;flex-wrap:wrap;align-items:center;gap:6px;}.area-chip{display:inline-flex;align-items:center;gap:2px;padding:0 2px 0 10px;border-radius:14px;border:1px solid var(--divider-color,#e0e0e0);background:color-mix(in srgb,var(--primary-color,#03a9f4) 10%,transparent);font-size:0.875rem;line-height:26px;}.remove{width:24px;height:24px;border:none;border-radius:50%;background:transparent;color:var(--secondary-text-color,#727272);font-size:1.1rem;line-height:1;}.remove:hover{background:color-mix(in srgb,var(--primary-text-color,#212121) 10%,transparent);}.all{font-style:italic;}.btn.small{min-height:32px;padding:0 12px;font-size:0.875rem;}.areas .btn.small{margin-left:auto;}.picker{margin:0 0 10px;padding:12px;border-radius:8px;background:color-mix(in srgb,var(--primary-text-color,#212121) 4%,transparent);}.picker-head{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:8px;}.search{flex:1 1 220px;padding-left:10px;}.area-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:0 12px;max-height:320px;overflow-y:auto;}.stale{margin-top:12px;font-size:0.875rem;}.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:8px;padding:10px 16px;border-radius:var(--sp-radius);border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);}.bar.dirty{position:sticky;bottom:8px;border-color:var(--primary-color,#03a9f4);box-shadow:0 -2px 8px rgba(0,0,0,0.08);}.status{flex:1;min-width:0;font-weight:500;}.ok{display:inline-flex;align-items:center;gap:6px;color:var(--sp-normal);}:host([compact]) .row{grid-template-columns:1fr;gap:4px;}:host([compact]) .row.header{display:none;}:host([compact]) .areas .btn.small{margin-left:0;}:host([compact]) .bar{padding:8px 12px;}:host([compact]) .status{flex-basis:100%;}:host([compact]) .bar .btn{flex:1;}`];customElements.get("safe-power-settings")||customElements.define("safe-power-settings",Ge);var Ss="(max-width: 600px)",We=class extends w{constructor(){super(...arguments);this.narrow=!1;this.feed=new le;this.fleetError=null;this.feedError=null;this.started=!1;this.open=new J(this);this.phoneQuery=window.matchMedia(Ss);this.phone=this.phoneQuery.matches;this.onPhoneChange=e=>{this.phone=e.matches}}connectedCallback(){super.connectedCallback(),this.phoneQuery.addEventListener("change",this.onPhoneChange),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.phoneQuery.removeEventListener("change",this.onPhoneChange),this.feed.stop(),this.started=!1}shouldUpdate(e){let t=e.get("hass"),{hass:a,fleet:o}=this;return e.size!==1||!t||!a||!o?!0:t.dockedSidebar!==a.dockedSidebar||lt(t,a,o.boxes)}willUpdate(){this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(t=>{this.feedError=R(t)}),this.open.load(e,{states:[...G],limit:1e4}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await ce(e)}catch(t){this.fleetError=R(t)}}updated(){let e=this.renderRoot.querySelector("nav"),t=e?.querySelector('a[aria-selected="true"]'),a=`${t?.getAttribute("href")}|${t?.textContent}|${e?.scrollWidth}`;if(!e||!t||a===this.shownTab)return;this.shownTab=a;let o=e.getBoundingClientRect(),n=t.getBoundingClientRect();n.right>o.right?e.scrollLeft+=n.right-o.right:n.left<o.left&&(e.scrollLeft-=o.left-n.left)}view(){let[,e,t]=(this.route?.path??"").split("/");return e==="alarms"||e==="plan"||e==="reports"||e==="settings"?{tab:e}:e==="box"&&t?{tab:"box",deviceId:decodeURIComponent(t)}:{tab:"overview"}}get basePath(){return this.route?.prefix??""}toggleMenu(){this.dispatchEvent(new CustomEvent("hass-toggle-menu",{bubbles:!0,composed:!0}))}render(){let e=this.hass;if(!e)return u;let t=et(e),a=this.view(),o=a.tab==="box"?this.fleet?.boxes.find(p=>p.device_id===a.deviceId):void 0,n=this.open.alarms.filter(p=>p.state==="active").length,d=this.narrow||e.dockedSidebar==="always_hidden",l=(p,h,m,f=0)=>c`
      <a role="tab" aria-selected=${m} href=${p} @click=${T(p)}
        >${h}${f?c`<span class="badge">${f}</span>`:u}</a
      >
    `;return c`
      <header>
        <div class="toolbar">
          ${a.tab==="box"?c`<button
                  class="icon-button"
                  aria-label=${i(t,"back")}
                  @click=${()=>er(this.basePath)}
                >
                  ${sa}
                </button>`:d?c`<button class="icon-button" aria-label=${i(t,"menu")} @click=${this.toggleMenu}>
                    ${aa}
                  </button>`:u}
          <h1>${i(t,"title")}</h1>
        </div>
        <nav role="tablist">
          ${l(this.basePath||"/",i(t,"tab_overview"),a.tab==="overview")}
          ${l(`${this.basePath}/alarms`,i(t,"tab_alarms"),a.tab==="alarms",n)}
          ${l(`${this.basePath}/plan`,i(t,"tab_plan"),a.tab==="plan")}
          ${l(`${this.basePath}/reports`,i(t,"tab_reports"),a.tab==="reports")}
          ${e.user?.is_admin||a.tab==="settings"?l(`${this.basePath}/settings`,i(t,"tab_settings"),a.tab==="settings"):u}
          ${a.tab==="box"?l(location.pathname,o?.name??a.deviceId,!0):u}
        </nav>
      </header>
      <main>
        ${this.feedError?c`<div class="banner" role="alert">${i(t,"feed_error",{message:this.feedError})}</div>`:u}
        ${this.open.error?c`<div class="banner" role="alert">${this.open.error}</div>`:u}
        ${this.renderView(e,t,a)}
      </main>
    `}renderView(e,t,a){let{fleet:o,basePath:n}=this,d=this.narrow||this.phone;if(a.tab==="settings")return c`<safe-power-settings .hass=${e} .language=${t} ?compact=${d}></safe-power-settings>`;if(this.fleetError!==null)return c`<div class="banner" role="alert">
        <span>${i(t,"fleet_error",{message:this.fleetError})}</span>
        <button class="btn" @click=${()=>this.loadFleet(e)}>${i(t,"retry")}</button>
      </div>`;if(!o)return c`<p class="empty" role="status">${i(t,"loading")}</p>`;if(a.tab==="alarms")return c`<safe-power-alarms
        .hass=${e}
        .language=${t}
        .fleet=${o}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${d}
      ></safe-power-alarms>`;if(a.tab==="reports")return c`<safe-power-reports .hass=${e} .language=${t} .fleet=${o}></safe-power-reports>`;let l=da(this.open.alarms);if(a.tab==="plan")return c`<safe-power-plan
        .hass=${e}
        .language=${t}
        .fleet=${o}
        .open=${l}
        .basePath=${n}
      ></safe-power-plan>`;if(a.tab==="box"){let p=o.boxes.find(h=>h.device_id===a.deviceId);return p?c`<safe-power-box
        .hass=${e}
        .language=${t}
        .fleet=${o}
        .box=${p}
        .open=${l.get(p.device_id)??[]}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${d}
      ></safe-power-box>`:c`<p class="empty card">${i(t,"box_gone")}</p>`}return c`<safe-power-overview
      .hass=${e}
      .language=${t}
      .fleet=${o}
      .open=${l}
      .basePath=${n}
    ></safe-power-overview>`}};We.properties={hass:{attribute:!1},narrow:{type:Boolean,reflect:!0},route:{attribute:!1},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0},phone:{state:!0}},We.styles=[k,x`:host{display:block;min-height:100vh;background:var(--primary-background-color,#fafafa);}header{position:sticky;top:0;z-index:2;background:var(--app-header-background-color,var(--primary-color,#03a9f4));color:var(--app-header-text-color,var(--text-primary-color,#fff));border-bottom:var(--app-header-border-bottom,none);}.toolbar{display:flex;align-items:center;gap:8px;height:var(--header-height,56px);padding:0 16px;}:host([narrow]) .toolbar{padding:0 4px;}h1{margin:0;font-size:1.25rem;font-weight:400;}.icon-button{display:inline-flex;align-items:center;justify-content:center;width:48px;height:48px;border:none;border-radius:50%;background:transparent;color:inherit;}.icon-button .icon{width:24px;height:24px;}.icon-button:focus-visible{outline:2px solid currentColor;}nav{display:flex;gap:4px;padding:0 8px;overflow-x:auto;scrollbar-width:none;}nav a{display:inline-flex;align-items:center;gap:6px;min-height:48px;padding:0 16px;color:inherit;opacity:0.8;text-decoration:none;font-weight:500;white-space:nowrap;border-bottom:2px solid transparent;}nav a[aria-selected="true"]{opacity:1;border-bottom-color:currentColor;}nav a:focus-visible{outline:2px solid currentColor;outline-offset:-2px;}.badge{min-width:20px;padding:0 6px;border-radius:10px;background:var(--sp-alarm);color:#fff;font-size:0.75rem;line-height:20px;text-align:center;}main{max-width:1440px;margin:0 auto;padding:16px;}main>.banner{margin-bottom:12px;}@media (max-width:600px){main{padding:12px 8px;}nav{gap:0;padding:0 4px;}nav a{padding:0 11px;}}`];customElements.get("safe-power-panel")||customElements.define("safe-power-panel",We);var ve="/safe-power";function wt(s,r,e){let t=tt(),a=window.customCards??=[];a.some(o=>o.type===s)||a.push({type:s,name:i(t,r),description:i(t,e),preview:!0})}var $t=s=>(r,e)=>{let t=tt();throw new Error(i(t,"labelled",{label:i(t,s),value:i(t,r,e)}))};function At(s,r){return(typeof s!="object"||s===null||Array.isArray(s))&&r("card_bad_config"),s}var kt=s=>JSON.stringify(s)??String(s),U=class extends w{constructor(){super(...arguments);this.feed=new le;this.fleetError=null;this.feedError=null;this.started=!1}setConfig(e){this.config=this.check(e)}get language(){return this.hass?et(this.hass):tt()}connectedCallback(){super.connectedCallback(),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.feed.stop(),this.started=!1}shouldUpdate(e){let t=e.get("hass"),{hass:a,fleet:o}=this;return e.size!==1||!t||!a||!o?!0:lt(t,a,this.watched(o))}willUpdate(e){super.willUpdate(e),this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(t=>{this.feedError=R(t)}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await ce(e)}catch(t){this.fleetError=R(t)}}frame(e){let{hass:t,fleet:a,language:o}=this;return c`
      <ha-card>
        ${this.feedError?c`<div class="banner" role="alert">${i(o,"feed_error",{message:this.feedError})}</div>`:u}
        ${this.fleetError!==null?c`<div class="banner" role="alert">
                <span>${i(o,"fleet_error",{message:this.fleetError})}</span>
                <button class="btn" @click=${()=>t&&this.loadFleet(t)}>${i(o,"retry")}</button>
              </div>`:t&&a?e(t,a):c`<p class="empty" role="status">${i(o,"loading")}</p>`}
      </ha-card>
    `}};U.properties={hass:{attribute:!1},config:{state:!0},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0}},U.cardStyles=x`:host{display:block;}ha-card{display:flex;flex-direction:column;gap:12px;height:100%;padding:16px;background:var(--ha-card-background,var(--card-background-color,#fff));border-radius:var(--ha-card-border-radius,12px);border:var(--ha-card-border-width,1px) solid var(--ha-card-border-color,var(--divider-color,#e0e0e0));box-shadow:var(--ha-card-box-shadow,none);}.header{display:flex;align-items:center;gap:8px 12px;flex-wrap:wrap;}.header h2{flex:1;margin:0;font-size:var(--ha-card-header-font-size,1.25rem);font-weight:400;color:var(--ha-card-header-color,var(--primary-text-color,#212121));}.header a{color:inherit;text-decoration:none;}.header a:hover{text-decoration:underline;}.open-panel{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border-radius:50%;color:var(--secondary-text-color,#727272);}.open-panel:hover{background:color-mix(in srgb,var(--primary-text-color,#212121) 6%,transparent);}`;var Es=["active","acknowledged","all"],pr=5,St=class extends U{static getStubConfig(){return{state:"active",limit:pr}}check(r){let e=$t("card_alarms_name"),{state:t="active",limit:a=pr,area_id:o}=At(r,e);return Es.some(n=>n===t)||e("card_bad_state",{value:kt(t)}),(typeof a!="number"||!Number.isInteger(a)||a<1||a>100)&&e("card_bad_limit",{value:kt(a)}),o!==void 0&&(typeof o!="string"||o==="")&&e("card_bad_area",{value:kt(o)}),{state:t,limit:a,...o!==void 0&&{area_id:o}}}watched(r){return r.boxes}getCardSize(){return 1+3*Math.min(this.config?.limit??pr,3)}getGridOptions(){return{columns:12,min_columns:6}}willUpdate(r){super.willUpdate(r);let e=this.config;r.has("config")&&e&&(this.preset={state:e.state,areaId:e.area_id??"",limit:e.limit})}render(){let{config:r,preset:e}=this;return!r||!e?u:this.frame((t,a)=>this.renderList(t,a,r,e))}renderList(r,e,t,a){let o=this.language,n=t.area_id,d=n===void 0?null:e.boxes.find(p=>p.area_id===n)?.area??n,l=`${ve}/alarms`;return c`
      <div class="header">
        <h2>${i(o,"card_alarms_name")}</h2>
        <span class="secondary">
          ${[i(o,t.state==="all"?"all_states":`alarm_${t.state}`),d].filter(p=>p).join(" · ")}
        </span>
        <a class="open-panel" href=${l} @click=${T(l)} title=${i(o,"open_panel")} aria-label=${i(o,"open_panel")}
          >${ue}</a
        >
      </div>
      <safe-power-alarms
        .hass=${r}
        .language=${o}
        .fleet=${e}
        .feed=${this.feed}
        .preset=${a}
        .basePath=${ve}
        compact
      ></safe-power-alarms>
    `}};St.styles=[k,U.cardStyles];customElements.get("safe-power-alarms-card")||customElements.define("safe-power-alarms-card",St);wt("safe-power-alarms-card","card_alarms_name","card_alarms_description");var Rs={state:"open",areaId:"",limit:3},Et=class extends U{constructor(){super(...arguments);this.open=new J(this);this.loadedFor=""}static async getStubConfig(e){try{let a=[...(await ce(e)).boxes].sort((o,n)=>o.name.localeCompare(n.name))[0];return a?{device_id:a.device_id}:{}}catch{return{}}}check(e){let t=$t("card_box_name"),{device_id:a}=At(e,t);return(typeof a!="string"||a==="")&&t("card_need_device"),{device_id:a}}watched(e){return e.boxes.filter(t=>t.device_id===this.config?.device_id)}getCardSize(){return 6}willUpdate(e){super.willUpdate(e);let t=this.config?.device_id;this.hass&&t!==void 0&&t!==this.loadedFor&&(this.loadedFor=t,this.open.load(this.hass,{device_ids:[t],states:[...G],limit:1e4}))}render(){let e=this.config;return e?this.frame((t,a)=>{let o=a.boxes.find(n=>n.device_id===e.device_id);return o?this.renderBox(t,a,o):c`<p class="empty">${i(this.language,"card_no_box",{id:e.device_id})}</p>`}):u}renderBox(e,t,a){let o=this.language,n=`${ve}/box/${encodeURIComponent(a.device_id)}`,d=ae(a.area,a.location),l=this.open.total;return c`
      <div class="header">
        <h2><a href=${n} @click=${T(n)}>${a.name}</a></h2>
        ${X(o,Y(e,a,this.open.alarms))}
      </div>
      ${d?c`<div class="secondary place">${d}</div>`:u}
      ${pt(e,o,a)}
      ${a.entities.contactor!==void 0?c`<safe-power-contactor
              .hass=${e}
              .language=${o}
              .box=${a}
              .canPower=${t.can_power}
            ></safe-power-contactor>`:u}
      ${l?c`<h3>${i(o,"open_alarms",{count:l})}</h3>`:u}
      <safe-power-alarms
        .hass=${e}
        .language=${o}
        .fleet=${t}
        .feed=${this.feed}
        .deviceId=${a.device_id}
        .preset=${Rs}
        .basePath=${ve}
        compact
      ></safe-power-alarms>
    `}};Et.styles=[k,ht,U.cardStyles,x`.place{margin-top:-8px;font-size:0.875rem;}.figures{margin:0;}h3{margin:4px 0 -8px;font-size:0.95rem;font-weight:500;}`];customElements.get("safe-power-box-card")||customElements.define("safe-power-box-card",Et);wt("safe-power-box-card","card_box_name","card_box_description");
