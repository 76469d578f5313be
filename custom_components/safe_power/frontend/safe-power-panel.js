var Ze=globalThis,et=Ze.ShadowRoot&&(Ze.ShadyCSS===void 0||Ze.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,zt=Symbol(),Sr=new WeakMap,Ae=class{constructor(a,e,t){if(this._$cssResult$=!0,t!==zt)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=a,this.t=e}get styleSheet(){let a=this.o,e=this.t;if(et&&a===void 0){let t=e!==void 0&&e.length===1;t&&(a=Sr.get(e)),a===void 0&&((this.o=a=new CSSStyleSheet).replaceSync(this.cssText),t&&Sr.set(e,a))}return a}toString(){return this.cssText}},Er=s=>new Ae(typeof s=="string"?s:s+"",void 0,zt),x=(s,...a)=>{let e=s.length===1?s[0]:a.reduce((t,r,i)=>t+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+s[i+1],s[0]);return new Ae(e,s,zt)},Tr=(s,a)=>{if(et)s.adoptedStyleSheets=a.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of a){let t=document.createElement("style"),r=Ze.litNonce;r!==void 0&&t.setAttribute("nonce",r),t.textContent=e.cssText,s.appendChild(t)}},jt=et?s=>s:s=>s instanceof CSSStyleSheet?(a=>{let e="";for(let t of a.cssRules)e+=t.cssText;return Er(e)})(s):s;var{is,defineProperty:ns,getOwnPropertyDescriptor:os,getOwnPropertyNames:ls,getOwnPropertySymbols:cs,getPrototypeOf:ds}=Object,tt=globalThis,Rr=tt.trustedTypes,ps=Rr?Rr.emptyScript:"",hs=tt.reactiveElementPolyfillSupport,ke=(s,a)=>s,Kt={toAttribute(s,a){switch(a){case Boolean:s=s?ps:null;break;case Object:case Array:s=s==null?s:JSON.stringify(s)}return s},fromAttribute(s,a){let e=s;switch(a){case Boolean:e=s!==null;break;case Number:e=s===null?null:Number(s);break;case Object:case Array:try{e=JSON.parse(s)}catch{e=null}}return e}},Pr=(s,a)=>!is(s,a),Mr={attribute:!0,type:String,converter:Kt,reflect:!1,useDefault:!1,hasChanged:Pr};Symbol.metadata??=Symbol("metadata"),tt.litPropertyMetadata??=new WeakMap;var j=class extends HTMLElement{static addInitializer(a){this._$Ei(),(this.l??=[]).push(a)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(a,e=Mr){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(a)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(a,e),!e.noAccessor){let t=Symbol(),r=this.getPropertyDescriptor(a,t,e);r!==void 0&&ns(this.prototype,a,r)}}static getPropertyDescriptor(a,e,t){let{get:r,set:i}=os(this.prototype,a)??{get(){return this[e]},set(n){this[e]=n}};return{get:r,set(n){let c=r?.call(this);i?.call(this,n),this.requestUpdate(a,c,t)},configurable:!0,enumerable:!0}}static getPropertyOptions(a){return this.elementProperties.get(a)??Mr}static _$Ei(){if(this.hasOwnProperty(ke("elementProperties")))return;let a=ds(this);a.finalize(),a.l!==void 0&&(this.l=[...a.l]),this.elementProperties=new Map(a.elementProperties)}static finalize(){if(this.hasOwnProperty(ke("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(ke("properties"))){let e=this.properties,t=[...ls(e),...cs(e)];for(let r of t)this.createProperty(r,e[r])}let a=this[Symbol.metadata];if(a!==null){let e=litPropertyMetadata.get(a);if(e!==void 0)for(let[t,r]of e)this.elementProperties.set(t,r)}this._$Eh=new Map;for(let[e,t]of this.elementProperties){let r=this._$Eu(e,t);r!==void 0&&this._$Eh.set(r,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(a){let e=[];if(Array.isArray(a)){let t=new Set(a.flat(1/0).reverse());for(let r of t)e.unshift(jt(r))}else a!==void 0&&e.push(jt(a));return e}static _$Eu(a,e){let t=e.attribute;return t===!1?void 0:typeof t=="string"?t:typeof a=="string"?a.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(a=>this.enableUpdating=a),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(a=>a(this))}addController(a){(this._$EO??=new Set).add(a),this.renderRoot!==void 0&&this.isConnected&&a.hostConnected?.()}removeController(a){this._$EO?.delete(a)}_$E_(){let a=new Map,e=this.constructor.elementProperties;for(let t of e.keys())this.hasOwnProperty(t)&&(a.set(t,this[t]),delete this[t]);a.size>0&&(this._$Ep=a)}createRenderRoot(){let a=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Tr(a,this.constructor.elementStyles),a}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(a=>a.hostConnected?.())}enableUpdating(a){}disconnectedCallback(){this._$EO?.forEach(a=>a.hostDisconnected?.())}attributeChangedCallback(a,e,t){this._$AK(a,t)}_$ET(a,e){let t=this.constructor.elementProperties.get(a),r=this.constructor._$Eu(a,t);if(r!==void 0&&t.reflect===!0){let i=(t.converter?.toAttribute!==void 0?t.converter:Kt).toAttribute(e,t.type);this._$Em=a,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(a,e){let t=this.constructor,r=t._$Eh.get(a);if(r!==void 0&&this._$Em!==r){let i=t.getPropertyOptions(r),n=typeof i.converter=="function"?{fromAttribute:i.converter}:i.converter?.fromAttribute!==void 0?i.converter:Kt;this._$Em=r;let c=n.fromAttribute(e,i.type);this[r]=c??this._$Ej?.get(r)??c,this._$Em=null}}requestUpdate(a,e,t,r=!1,i){if(a!==void 0){let n=this.constructor;if(r===!1&&(i=this[a]),t??=n.getPropertyOptions(a),!((t.hasChanged??Pr)(i,e)||t.useDefault&&t.reflect&&i===this._$Ej?.get(a)&&!this.hasAttribute(n._$Eu(a,t))))return;this.C(a,e,t)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(a,e,{useDefault:t,reflect:r,wrapped:i},n){t&&!(this._$Ej??=new Map).has(a)&&(this._$Ej.set(a,n??e??this[a]),i!==!0||n!==void 0)||(this._$AL.has(a)||(this.hasUpdated||t||(e=void 0),this._$AL.set(a,e)),r===!0&&this._$Em!==a&&(this._$Eq??=new Set).add(a))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let a=this.scheduleUpdate();return a!=null&&await a,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,i]of this._$Ep)this[r]=i;this._$Ep=void 0}let t=this.constructor.elementProperties;if(t.size>0)for(let[r,i]of t){let{wrapped:n}=i,c=this[r];n!==!0||this._$AL.has(r)||c===void 0||this.C(r,void 0,i,c)}}let a=!1,e=this._$AL;try{a=this.shouldUpdate(e),a?(this.willUpdate(e),this._$EO?.forEach(t=>t.hostUpdate?.()),this.update(e)):this._$EM()}catch(t){throw a=!1,this._$EM(),t}a&&this._$AE(e)}willUpdate(a){}_$AE(a){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(a)),this.updated(a)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(a){return!0}update(a){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(a){}firstUpdated(a){}};j.elementStyles=[],j.shadowRootOptions={mode:"open"},j[ke("elementProperties")]=new Map,j[ke("finalized")]=new Map,hs?.({ReactiveElement:j}),(tt.reactiveElementVersions??=[]).push("2.1.2");var Gt=globalThis,Cr=s=>s,rt=Gt.trustedTypes,Lr=rt?rt.createPolicy("lit-html",{createHTML:s=>s}):void 0,qt="$lit$",K=`lit$${Math.random().toFixed(9).slice(2)}$`,Wt="?"+K,us=`<${Wt}>`,ae=document,Ee=()=>ae.createComment(""),Te=s=>s===null||typeof s!="object"&&typeof s!="function",Yt=Array.isArray,Or=s=>Yt(s)||typeof s?.[Symbol.iterator]=="function",Vt=`[ 	
\f\r]`,Se=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Nr=/-->/g,Fr=/>/g,te=RegExp(`>|${Vt}(?:([^\\s"'>=/]+)(${Vt}*=${Vt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Hr=/'/g,Br=/"/g,Dr=/^(?:script|style|textarea|title)$/i,Qt=s=>(a,...e)=>({_$litType$:s,strings:a,values:e}),p=Qt(1),y=Qt(2),mi=Qt(3),N=Symbol.for("lit-noChange"),u=Symbol.for("lit-nothing"),Ir=new WeakMap,re=ae.createTreeWalker(ae,129);function Ur(s,a){if(!Yt(s)||!s.hasOwnProperty("raw"))throw Error("invalid template strings array");return Lr!==void 0?Lr.createHTML(a):a}var zr=(s,a)=>{let e=s.length-1,t=[],r,i=a===2?"<svg>":a===3?"<math>":"",n=Se;for(let c=0;c<e;c++){let l=s[c],d,h,m=-1,g=0;for(;g<l.length&&(n.lastIndex=g,h=n.exec(l),h!==null);)g=n.lastIndex,n===Se?h[1]==="!--"?n=Nr:h[1]!==void 0?n=Fr:h[2]!==void 0?(Dr.test(h[2])&&(r=RegExp("</"+h[2],"g")),n=te):h[3]!==void 0&&(n=te):n===te?h[0]===">"?(n=r??Se,m=-1):h[1]===void 0?m=-2:(m=n.lastIndex-h[2].length,d=h[1],n=h[3]===void 0?te:h[3]==='"'?Br:Hr):n===Br||n===Hr?n=te:n===Nr||n===Fr?n=Se:(n=te,r=void 0);let f=n===te&&s[c+1].startsWith("/>")?" ":"";i+=n===Se?l+us:m>=0?(t.push(d),l.slice(0,m)+qt+l.slice(m)+K+f):l+K+(m===-2?c:f)}return[Ur(s,i+(s[e]||"<?>")+(a===2?"</svg>":a===3?"</math>":"")),t]},Re=class s{constructor({strings:a,_$litType$:e},t){let r;this.parts=[];let i=0,n=0,c=a.length-1,l=this.parts,[d,h]=zr(a,e);if(this.el=s.createElement(d,t),re.currentNode=this.el.content,e===2||e===3){let m=this.el.content.firstChild;m.replaceWith(...m.childNodes)}for(;(r=re.nextNode())!==null&&l.length<c;){if(r.nodeType===1){if(r.hasAttributes())for(let m of r.getAttributeNames())if(m.endsWith(qt)){let g=h[n++],f=r.getAttribute(m).split(K),b=/([.?@])?(.*)/.exec(g);l.push({type:1,index:i,name:b[2],strings:f,ctor:b[1]==="."?st:b[1]==="?"?it:b[1]==="@"?nt:ie}),r.removeAttribute(m)}else m.startsWith(K)&&(l.push({type:6,index:i}),r.removeAttribute(m));if(Dr.test(r.tagName)){let m=r.textContent.split(K),g=m.length-1;if(g>0){r.textContent=rt?rt.emptyScript:"";for(let f=0;f<g;f++)r.append(m[f],Ee()),re.nextNode(),l.push({type:2,index:++i});r.append(m[g],Ee())}}}else if(r.nodeType===8)if(r.data===Wt)l.push({type:2,index:i});else{let m=-1;for(;(m=r.data.indexOf(K,m+1))!==-1;)l.push({type:7,index:i}),m+=K.length-1}i++}}static createElement(a,e){let t=ae.createElement("template");return t.innerHTML=a,t}};function se(s,a,e=s,t){if(a===N)return a;let r=t!==void 0?e._$Co?.[t]:e._$Cl,i=Te(a)?void 0:a._$litDirective$;return r?.constructor!==i&&(r?._$AO?.(!1),i===void 0?r=void 0:(r=new i(s),r._$AT(s,e,t)),t!==void 0?(e._$Co??=[])[t]=r:e._$Cl=r),r!==void 0&&(a=se(s,r._$AS(s,a.values),r,t)),a}var at=class{constructor(a,e){this._$AV=[],this._$AN=void 0,this._$AD=a,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(a){let{el:{content:e},parts:t}=this._$AD,r=(a?.creationScope??ae).importNode(e,!0);re.currentNode=r;let i=re.nextNode(),n=0,c=0,l=t[0];for(;l!==void 0;){if(n===l.index){let d;l.type===2?d=new ue(i,i.nextSibling,this,a):l.type===1?d=new l.ctor(i,l.name,l.strings,this,a):l.type===6&&(d=new ot(i,this,a)),this._$AV.push(d),l=t[++c]}n!==l?.index&&(i=re.nextNode(),n++)}return re.currentNode=ae,r}p(a){let e=0;for(let t of this._$AV)t!==void 0&&(t.strings!==void 0?(t._$AI(a,t,e),e+=t.strings.length-2):t._$AI(a[e])),e++}},ue=class s{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(a,e,t,r){this.type=2,this._$AH=u,this._$AN=void 0,this._$AA=a,this._$AB=e,this._$AM=t,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let a=this._$AA.parentNode,e=this._$AM;return e!==void 0&&a?.nodeType===11&&(a=e.parentNode),a}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(a,e=this){a=se(this,a,e),Te(a)?a===u||a==null||a===""?(this._$AH!==u&&this._$AR(),this._$AH=u):a!==this._$AH&&a!==N&&this._(a):a._$litType$!==void 0?this.$(a):a.nodeType!==void 0?this.T(a):Or(a)?this.k(a):this._(a)}O(a){return this._$AA.parentNode.insertBefore(a,this._$AB)}T(a){this._$AH!==a&&(this._$AR(),this._$AH=this.O(a))}_(a){this._$AH!==u&&Te(this._$AH)?this._$AA.nextSibling.data=a:this.T(ae.createTextNode(a)),this._$AH=a}$(a){let{values:e,_$litType$:t}=a,r=typeof t=="number"?this._$AC(a):(t.el===void 0&&(t.el=Re.createElement(Ur(t.h,t.h[0]),this.options)),t);if(this._$AH?._$AD===r)this._$AH.p(e);else{let i=new at(r,this),n=i.u(this.options);i.p(e),this.T(n),this._$AH=i}}_$AC(a){let e=Ir.get(a.strings);return e===void 0&&Ir.set(a.strings,e=new Re(a)),e}k(a){Yt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,t,r=0;for(let i of a)r===e.length?e.push(t=new s(this.O(Ee()),this.O(Ee()),this,this.options)):t=e[r],t._$AI(i),r++;r<e.length&&(this._$AR(t&&t._$AB.nextSibling,r),e.length=r)}_$AR(a=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);a!==this._$AB;){let t=Cr(a).nextSibling;Cr(a).remove(),a=t}}setConnected(a){this._$AM===void 0&&(this._$Cv=a,this._$AP?.(a))}},ie=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(a,e,t,r,i){this.type=1,this._$AH=u,this._$AN=void 0,this.element=a,this.name=e,this._$AM=r,this.options=i,t.length>2||t[0]!==""||t[1]!==""?(this._$AH=Array(t.length-1).fill(new String),this.strings=t):this._$AH=u}_$AI(a,e=this,t,r){let i=this.strings,n=!1;if(i===void 0)a=se(this,a,e,0),n=!Te(a)||a!==this._$AH&&a!==N,n&&(this._$AH=a);else{let c=a,l,d;for(a=i[0],l=0;l<i.length-1;l++)d=se(this,c[t+l],e,l),d===N&&(d=this._$AH[l]),n||=!Te(d)||d!==this._$AH[l],d===u?a=u:a!==u&&(a+=(d??"")+i[l+1]),this._$AH[l]=d}n&&!r&&this.j(a)}j(a){a===u?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,a??"")}},st=class extends ie{constructor(){super(...arguments),this.type=3}j(a){this.element[this.name]=a===u?void 0:a}},it=class extends ie{constructor(){super(...arguments),this.type=4}j(a){this.element.toggleAttribute(this.name,!!a&&a!==u)}},nt=class extends ie{constructor(a,e,t,r,i){super(a,e,t,r,i),this.type=5}_$AI(a,e=this){if((a=se(this,a,e,0)??u)===N)return;let t=this._$AH,r=a===u&&t!==u||a.capture!==t.capture||a.once!==t.once||a.passive!==t.passive,i=a!==u&&(t===u||r);r&&this.element.removeEventListener(this.name,this,t),i&&this.element.addEventListener(this.name,this,a),this._$AH=a}handleEvent(a){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,a):this._$AH.handleEvent(a)}},ot=class{constructor(a,e,t){this.element=a,this.type=6,this._$AN=void 0,this._$AM=e,this.options=t}get _$AU(){return this._$AM._$AU}_$AI(a){se(this,a)}},jr={M:qt,P:K,A:Wt,C:1,L:zr,R:at,D:Or,V:se,I:ue,H:ie,N:it,U:nt,B:st,F:ot},ms=Gt.litHtmlPolyfillSupport;ms?.(Re,ue),(Gt.litHtmlVersions??=[]).push("3.3.3");var Kr=(s,a,e)=>{let t=e?.renderBefore??a,r=t._$litPart$;if(r===void 0){let i=e?.renderBefore??null;t._$litPart$=r=new ue(a.insertBefore(Ee(),i),i,void 0,e??{})}return r._$AI(s),r};var Xt=globalThis,A=class extends j{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let a=super.createRenderRoot();return this.renderOptions.renderBefore??=a.firstChild,a}update(a){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(a),this._$Do=Kr(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return N}};A._$litElement$=!0,A.finalized=!0,Xt.litElementHydrateSupport?.({LitElement:A});var gs=Xt.litElementPolyfillSupport;gs?.({LitElement:A});(Xt.litElementVersions??=[]).push("4.2.2");var lt=["connectivity","alarm","active_alarms","contactor","current_a","current_b","current_c","current_n","voltage_a","voltage_b","voltage_c","line_voltage_ab","line_voltage_bc","line_voltage_ca","leakage_current","cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n","box_temperature","power","active_power","active_power_a","active_power_b","active_power_c","power_factor","frequency","energy","unbalance","voltage_unbalance","current_unbalance","voltage_qualification_rate","voltage_qualification_rate_month","cable_temperature_margin","leakage_days_to_limit","cable_temperature_trend","leakage_trend","overcurrent_threshold","leakage_threshold","cable_temperature_threshold","box_temperature_threshold","overvoltage_threshold","undervoltage_threshold","overcurrent_delay","leakage_delay","temperature_delay"],Vr=["active","acknowledged","cleared"],Q=["active","acknowledged"],Gr=["overcurrent","leakage","cable_over_temperature","box_over_temperature","overvoltage","undervoltage","phase_loss","unbalance","supply_outage","sensor_fault","contactor_tripped","offline","gateway_unreachable"],qr=["offline","gateway_unreachable"];var ge=s=>s.callWS({type:"safe_power/fleet"}),Wr=(s,a,e)=>s.connection.subscribeMessage(t=>e(t.settings),{type:"safe_power/subscribe_box_settings",device_id:a}),ct=(s,a)=>s.callWS({type:"safe_power/alarms",...a}),Yr=(s,a)=>s.callWS({type:"safe_power/acknowledge",alarm_ids:a}),Qr=(s,a)=>s.callWS({type:"safe_power/power_off",alarm_id:a}),Xr=s=>s.callWS({type:"safe_power/plans"}),Jr=(s,a,e,t)=>s.callWS({type:"safe_power/plans/set",floor:a,...e,...t===void 0?{}:{image:t}}),Zr=(s,a)=>s.callWS({type:"safe_power/plans/delete",floor:a}),ea=[{start:"00:00",period:"valley"},{start:"07:00",period:"flat"},{start:"08:00",period:"peak"},{start:"11:00",period:"flat"},{start:"18:00",period:"peak"},{start:"23:00",period:"valley"}],ta=["every_change","significant"],Jt=5,dt=[1,60],ra="system-admin",aa=s=>({...s,tariff:s.tariff??null,state_updates:s.state_updates==="significant"?"significant":"every_change",heartbeat_minutes:s.heartbeat_minutes??Jt}),sa=async s=>aa(await s.callWS({type:"safe_power/settings"})),ia=async(s,a)=>aa(await s.callWS({type:"safe_power/settings/update",...a})),na=s=>s.callWS({type:"config/auth/list"}),oa=s=>s.callWS({type:"config/area_registry/list"}),la=(s,a,e)=>s.callService("switch",e?"turn_on":"turn_off",{entity_id:a}),ca=["day","month","year","custom"],Me=["sharp","peak","flat","valley"];async function da(s,a){let{response:e}=await s.callService("safe_power","report",{...a},void 0,!1,!0);if(typeof e!="object"||e===null||!("summary"in e))throw new Error("safe_power.report answered without a report");return e}async function fe(s,a){if(typeof a=="object"&&a!==null&&s.loadBackendTranslation){let{translation_domain:e,translation_key:t,translation_placeholders:r}=a;if(typeof e=="string"&&typeof t=="string")try{let i=await s.loadBackendTranslation("exceptions",e),n=typeof r=="object"&&r!==null?r:{},c=i(`component.${e}.exceptions.${t}.message`,n);if(c)return c}catch{}}return R(a)}function R(s){if(typeof s=="object"&&s!==null&&"message"in s){let{message:a}=s;if(typeof a=="string"&&a)return a}return String(s)}function pa(s,a){let e=(r,i)=>r===void 0||r.includes(i),t=Date.parse(s.time);return e(a.states,s.state)&&e(a.causes,s.cause)&&e(a.area_ids,s.area_id??"")&&e(a.device_ids,s.device_id??"")&&(a.start===void 0||t>=Date.parse(a.start))&&(a.end===void 0||t<=Date.parse(a.end))}var me=class{constructor(){this.listeners=new Set;this.resync=()=>this.listeners.forEach(a=>a.onResync())}start(a){return this.subscription||(this.connection=a.connection,this.connection.addEventListener("ready",this.resync),this.subscription=a.connection.subscribeMessage(e=>this.listeners.forEach(t=>t.onEvent(e)),{type:"safe_power/subscribe_alarms"})),this.subscription}stop(){let a=this.subscription;this.subscription=void 0,this.connection?.removeEventListener("ready",this.resync),this.connection=void 0,a?.then(e=>e()).catch(()=>{})}listen(a){return this.listeners.add(a),()=>this.listeners.delete(a)}};var E=s=>s.locale?.language??s.language,ha=new Map;function ua(s,a){let e=ha.get(s);return e||(e=a(),ha.set(s,e)),e}function ma(s){let a=Math.abs(s);return a>=100?1:a>=10?2:3}function ga(s){let a=Math.abs(s);return a>=100?0:a>=10?1:2}function P(s,a,e=ma(a)){return ua(`n|${s}|${e}`,()=>{try{return new Intl.NumberFormat(s,{maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{maximumFractionDigits:e})}}).format(a)}var fa=(s,a)=>P(s,a*100,0)+"%";function M(s,a,e,t=ma(a)){let r=P(s,a,t);return e?e==="%"?`${r}%`:`${r} ${e}`:r}function ba(s,a){if(a.value===null)return"";let e=M(s,a.value,a.unit);if(a.threshold===null||a.limit===null)return e;let t=a.limit==="above"?">":"<";return`${e} ${t} ${M(s,a.threshold,a.unit)}`}function Pe(s,a,e=E(s)){let t=s.config.time_zone;return ua(`d|${e}|${t}|${JSON.stringify(a)}`,()=>{try{return new Intl.DateTimeFormat(e,{...a,timeZone:t})}catch{return new Intl.DateTimeFormat(void 0,a)}})}var be=(s,a)=>Pe(s,{dateStyle:"medium",timeStyle:"medium"}).format(new Date(a));function X(s,a){let e=Pe(s,{year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",hourCycle:"h23"},"en").formatToParts(new Date(a)),t=r=>e.find(i=>i.type===r)?.value??"";return`${t("year")}-${t("month")}-${t("day")} ${t("hour")}:${t("minute")}:${t("second")}`}var _a=(s,a)=>Pe(s,{dateStyle:"medium",timeStyle:"short"}).format(new Date(a)),_e=s=>X(s,new Date().toISOString()).slice(0,16).replace(" ","T");function Zt(s,a){let[e,t]=X(s,new Date(a).toISOString()).split(" "),[r,i,n]=e.split("-").map(Number),[c,l,d]=t.split(":").map(Number);return Math.round((Date.UTC(r,i-1,n,c,l,d)-Math.floor(a/1e3)*1e3)/6e4)}function va(s,a,e){return Pe(s,e?{month:"short",day:"numeric"}:{hour:"numeric",minute:"2-digit"}).format(new Date(a))}var xa=(s,a)=>Pe(s,{month:"short",day:"numeric",hour:"numeric",minute:"2-digit"}).format(new Date(a));function er(s,a){let[e,t]=a.split("T"),[r,i,n]=e.split("-").map(Number),[c,l]=t.split(":").map(Number),d=Date.UTC(r,i-1,n,c,l),h=b=>Zt(s,b),m=h(d-h(d)*6e4),g=b=>String(b).padStart(2,"0"),f=Math.abs(m);return`${e}T${g(c)}:${g(l)}:00${m<0?"-":"+"}${g(Math.floor(f/60))}:${g(f%60)}`}function ya(s,a){let[e,t,r]=s.split("-").map(Number);return new Date(Date.UTC(e,t-1,r+a)).toISOString().slice(0,10)}var wa=s=>s.toLowerCase().startsWith("zh")?"zh":"en",pt=s=>wa(s.locale?.language??s.language),ht=()=>wa(document.documentElement.lang),tr={en:"English",zh:"中文"},fs={title:"Safe Power",menu:"Menu",tab_overview:"Overview",tab_alarms:"Alarms",tab_plan:"Floor plan",tab_reports:"Reports",back:"Back",loading:"Loading…",retry:"Retry",close:"Close",cancel:"Cancel",working:"Working…",fleet_error:"Could not read the boxes: {message}",feed_error:"Live alarm updates are off: {message}",no_boxes:"No Safe Power boxes yet: add a gateway or an MQTT box in Settings → Devices & services",box_gone:"This box is no longer in Safe Power.",state_normal:"Normal",state_warning:"Alarm acknowledged",state_alarm:"Alarm",state_offline:"Offline",state_power_off:"Power off",count_boxes:"Boxes",search:"Search name, building, area, location, serial",no_match:"No box matches.",show_all:"Show all",floor_ground:"Ground floor",floor_above:"Floor {level}",floor_below:"Basement {level}",no_floor:"No floor",no_area:"No area",no_building:"No building",box_count_one:"1 box",box_count:"{count} boxes",fig_current:"Current",fig_leakage:"Leakage",fig_cable:"Cable",fig_power:"Power",open_alarms:"Open alarms: {count}",filter_state:"State",filter_cause:"Cause",filter_area:"Area",filter_time:"Time",all_states:"All",all_causes:"All causes",all_areas:"All areas",range_day:"Last 24 h",range_week:"Last 7 days",range_month:"Last 30 days",range_all:"All time",alarm_active:"Active",alarm_acknowledged:"Acknowledged",alarm_cleared:"Cleared",alarm_open:"Not cleared",col_time:"Time",col_box:"Box",col_cause:"Cause",col_value:"Value / limit",col_state:"State",col_actions:"Actions",acknowledge:"Acknowledge",acknowledge_all:"Acknowledge all ({count})",power_off:"Power off",power_on:"Power on",export_csv:"Export CSV",no_alarms:"No alarms match these filters.",no_box_alarms:"No alarms for this box.",showing:"{shown} of {total}",show_more:"Show more",acknowledged_by:"Acknowledged by {who} · {time}",cleared_at:"Cleared · {time}",received_late:"Received late · {time}",power_by:"{command} by {who} · {time}",power_box:"({box})",power_line:"{action}: {result}",who_via:"{user} ({via})",power_confirmed:"confirmed by read-back",power_failed:"failed: {error}",covered:"Covered by the detector's alarm",origin_device:"Detector",origin_home_assistant:"Home Assistant",origin_user_limit:"User limit",via_app:"phone",via_dashboard:"dashboard",via_service:"action",via_automation:"automation",more:"More",less:"Less",likelihood:"{percent} likely",power_title:"Cut the power?",power_body:"The contactor of {box} opens: everything this box supplies loses power until it is switched on again.",power_on_title:"Restore the power?",power_on_body:"The contactor of {box} closes and the power returns. Make sure nobody is working on its circuits.",power_for:"For: {cause}",power_done:"Power cut, confirmed by read-back",power_on_done:"Power restored, confirmed by read-back",power_error:"Power off failed: {error}",power_on_error:"Power on failed: {error}",serial:"Serial",transport:"Connection",area:"Area",building:"Building",floor:"Floor",location:"Location",contactor:"Contactor",contactor_on:"Closed: power on",contactor_off:"Open: power off",live_values:"Live values",alarm_settings:"Alarm settings",alarms_heading:"Alarms",open_device:"Open device page",unavailable:"Unavailable",unknown:"Unknown",online:"Online",alarm_on:"Alarm",alarm_off:"No alarm",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}: {value}",csv_file:"safe-power-alarms",csv_time:"Time",csv_received:"Received",csv_box:"Box",csv_serial:"Serial",csv_site:"Site",csv_building:"Building",csv_area:"Area",csv_location:"Location",csv_floor:"Floor",csv_cause:"Cause",csv_origin:"Raised by",csv_value:"Value",csv_threshold:"Limit",csv_unit:"Unit",csv_channel:"Measurement",csv_state:"State",csv_ack_by:"Acknowledged by",csv_ack_at:"Acknowledged at",csv_cleared:"Cleared at",csv_power:"Power actions",csv_diagnosis:"Diagnosis",csv_covered:"Covered by",report_period:"Period",report_day:"Day",report_month:"Month",report_year:"Year",report_custom:"From… to…",report_date_day:"Day",report_date_month:"Any day of the month",report_date_year:"Any day of the year",report_start:"From",report_end:"To",report_bad_range:"The end must come after the start.",report_scope:"Boxes",scope_all:"All boxes",scope_area:"One area",scope_boxes:"Chosen boxes",report_pick_boxes:"Choose at least one box.",report_language:"Language",make_report:"Make the report",making_report:"Making the report…",report_slow:"A year's report can take a few seconds.",report_error:"The report failed: {message}",report_title:"Report {label}",report_scope_count:"{count} boxes",report_no_data:"Nothing was recorded for these boxes in this period: no statistics, no alarms.",fig_energy:"Energy",fig_max_demand:"Maximum demand",fig_qualification:"Voltage qualification rate",fig_alarms:"Alarms",no_data:"No data",demand_at:"at {time}",alarms_open:"{count} not cleared",alarms_unacknowledged:"{count} not acknowledged",alarms_covered:"{count} more covered by the detector's alarm, not counted",worst_box:"Most alarms: {box} ({count})",period_sharp:"Critical peak",period_peak:"Peak",period_flat:"Flat",period_valley:"Valley",by_cause:"Alarms by cause",no_report_alarms:"No alarms in this period.",open_printable:"Open the printable report",download_csv:"Download CSV",report_no_files:"Home Assistant sent no links to the report's files (it has no web server).",plan_none:"No box has a position on a floor plan yet.",plan_label:"Floor plan: {floor}",plan_grid:"Grid: {step} m · north is up",plan_north:"N",on_map:"On the map",on_map_hint:"These boxes have a latitude and longitude, but no position on a floor plan.",open_map:"Open the map",drawing:"Drawing",drawing_title:"The floor's drawing",drawing_hint:"A PNG, JPEG or WebP of at most 5 MB, under the dots. Place it in the plan's metres: x and y of its top-left (north-west) corner, then its width and height.",drawing_file:"Image",drawing_current:"Keep the current image, or choose another.",drawing_x:"Left edge x (m)",drawing_y:"Top edge y (m)",drawing_width:"Width (m)",drawing_height:"Height (m)",drawing_remove:"Remove the drawing",drawing_bad_type:"{name} is not a PNG, JPEG or WebP image.",drawing_too_big:"{name} is {size} MB: at most 5 MB.",drawing_need_file:"Choose the drawing's image first.",drawing_bad_number:"Enter x and y in metres, and a width and a height of at least 0.1 m.",drawing_error:"The drawing was not changed: {message}",map_label:"Map of the boxes",not_placed:"Not placed",not_placed_hint:"Give a box its place (x/y in metres from a corner of the building, or its latitude and longitude) where you change its name and location: Settings → Devices & services → Safe Power.",card_alarms_name:"Safe Power alarms",card_alarms_description:"The alarm list: acknowledge alarms and cut the power from a dashboard.",card_box_name:"Safe Power box",card_box_description:"One box: its state, key figures, contactor and alarms not yet cleared.",none_active:"No active alarms.",none_acknowledged:"No acknowledged alarms.",none_open:"No alarms left to clear.",none_all:"No alarms.",open_panel:"Open in Safe Power",card_bad_config:"The card's configuration must be a mapping (key: value).",card_bad_state:"state must be active, acknowledged or all, not {value}.",card_bad_limit:"limit must be a whole number from 1 to 100, not {value}.",card_bad_area:"area_id must be the id of an area (text), not {value}.",card_need_device:"give device_id: the device id of a Safe Power box (the end of its device page's address).",card_no_box:"No Safe Power box has the device id {id}.",history:"History",history_range:"Period",history_6h:"6 h",history_24h:"24 h",history_7d:"7 days",history_error:"Could not read the history: {message}",chart_current:"Current",chart_temperature:"Temperature",chart_leakage:"Leakage current",chart_box:"Box",chart_limit:"Limit {value}",chart_cable_limit:"Cable limit {value}",chart_box_limit:"Box limit {value}",chart_no_data:"Nothing recorded in this period",chart_off_scale:"(above the scale)",chart_keys:"{chart}: the arrow keys move through time",phase_a:"Phase A",phase_b:"Phase B",phase_c:"Phase C",phase_n:"Neutral",tab_settings:"Settings",settings_admin_only:"Only administrators can change the panel's settings.",settings_load_error:"Could not read the settings: {message}",settings_notice_title:"This shapes the panel; it is not a security boundary",settings_notice:"These settings change only what this panel shows and offers: who sees Power off and Power on, and which boxes a user's panel lists. Home Assistant has no per-user entity permissions: every user who can log in can still read every box's states in Home Assistant's own dashboards, history and API, and call any action, the contactor's switch included.",settings_units:"Where units (tenants, shops, departments) must not see or switch each other's boxes, give each unit a Home Assistant of its own, fed only its boxes over MQTT:",settings_units_link:"docs/panel.md, “Units”",users_heading:"Users",users_hint:"Administrators may always cut power and always see every box: they are not listed. A user without areas sees every box.",col_user:"User",col_can_power:"May cut power",col_areas:"Areas shown",can_power:"Power off / on",choose_areas:"Choose areas",choose_areas_for:"Areas shown to {user}",done:"Done",filter_areas:"Filter areas",clear_areas:"Show every area",areas_chosen:"Shows only the boxes of these {count} areas.",areas_chosen_one:"Shows only the boxes of this area.",areas_none_chosen:"No area chosen: this user sees every box.",remove_area:"Remove {area}",no_area_match:"No area matches.",no_users:"No other users yet: add them in Settings → People.",user_inactive:"inactive",save:"Save",saving:"Saving…",saved:"Saved",unsaved:"Unsaved changes",discard:"Discard changes",save_error:"Could not save: {message}",settings_stale:"Saving drops what the settings still name but Home Assistant no longer has: {names}",chart_mean_range:"{mean} ({min} – {max})",chart_hourly:"Hourly mean, with each hour's lowest and highest",tariff_heading:"Time-of-use schedule for reports",tariff_hint:"The reports split energy into critical peak, peak, flat and valley by this daily schedule (local time). Each period runs from its start until the next one.",tariff_default_used:"The default schedule is used",tariff_custom:"This site's own schedule",tariff_bar:"The day's periods, 00:00 to 24:00",tariff_start:"From",tariff_period:"Period",tariff_start_of:"Start of period {row}",tariff_period_of:"Period {row}",tariff_remove:"Remove the period from {start}",tariff_add:"Add a period",tariff_use_default:"Use the default",tariff_empty:"The schedule needs at least one period.",tariff_bad_time:"Period {row} has no valid start time (HH:MM).",tariff_first:"The first period must start at 00:00, not {start}.",tariff_order:"Each period must start after the one before it: {start} is not after {previous}.",tariff_invalid:"Fix the time-of-use schedule to save",updates_heading:"State updates",updates_hint:"How often measurements write a new state in Home Assistant, each one also a row in its recorder.",updates_every_change:"Every change",updates_significant:"Significant changes only (default)",updates_significant_hint:"A new state when a value has moved by its band, and at least every heartbeat while it keeps moving: about a fifth of the state writes and recorder rows. Alarms are never held back.",heartbeat:"Heartbeat",heartbeat_unit:"minutes ({low}–{high})",heartbeat_problem:"The heartbeat must be a whole number of minutes from {low} to {high}.",heartbeat_invalid:"Fix the heartbeat to save",bands_heading:"Bands",band_voltage:"Voltage",band_or_share:"{step} or {share}",bands_note:"Of two, the larger counts (% of the value shown).",updates_never:"Never held back: alarms, the contactor, a box going offline or coming back. Early warnings and the alarm register use every reading; the values shown, their history and the reports use the states, which may lag by up to a band or a heartbeat."},bs={title:"安全用电",menu:"菜单",tab_overview:"总览",tab_alarms:"报警",tab_plan:"平面图",tab_reports:"报表",back:"返回",loading:"加载中…",retry:"重试",close:"关闭",cancel:"取消",working:"执行中…",fleet_error:"读取配电箱失败：{message}",feed_error:"报警实时推送已中断：{message}",no_boxes:"还没有安全用电配电箱：请在“设置 → 设备与服务”中添加网关或 MQTT 配电箱",box_gone:"该配电箱已不在安全用电中。",state_normal:"正常",state_warning:"报警已确认",state_alarm:"报警",state_offline:"离线",state_power_off:"已断电",count_boxes:"配电箱",search:"搜索名称、楼栋、区域、安装位置、编号",no_match:"没有符合条件的配电箱。",show_all:"显示全部",floor_ground:"1 层",floor_above:"{level} 层",floor_below:"地下 {level} 层",no_floor:"未设楼层",no_area:"未分配区域",no_building:"未设楼栋",box_count_one:"1 台配电箱",box_count:"{count} 台配电箱",fig_current:"电流",fig_leakage:"剩余电流",fig_cable:"线缆温度",fig_power:"功率",open_alarms:"未恢复报警：{count}",filter_state:"状态",filter_cause:"报警类型",filter_area:"区域",filter_time:"时间",all_states:"全部",all_causes:"全部类型",all_areas:"全部区域",range_day:"近 24 小时",range_week:"近 7 天",range_month:"近 30 天",range_all:"全部时间",alarm_active:"未确认",alarm_acknowledged:"已确认",alarm_cleared:"已恢复",alarm_open:"未恢复",col_time:"时间",col_box:"配电箱",col_cause:"报警类型",col_value:"测量值 / 报警值",col_state:"状态",col_actions:"操作",acknowledge:"确认",acknowledge_all:"全部确认（{count}）",power_off:"分闸断电",power_on:"合闸送电",export_csv:"导出 CSV",no_alarms:"没有符合条件的报警。",no_box_alarms:"该配电箱没有报警记录。",showing:"显示 {shown} 条，共 {total} 条",show_more:"加载更多",acknowledged_by:"{who} 已确认 · {time}",cleared_at:"已恢复 · {time}",received_late:"延迟接收 · {time}",power_by:"{who} {command} · {time}",power_box:"（{box}）",power_line:"{action}：{result}",who_via:"{user}（{via}）",power_confirmed:"已回读确认",power_failed:"失败：{error}",covered:"已由探测器报警覆盖",origin_device:"探测器",origin_home_assistant:"Home Assistant",origin_user_limit:"自定义限值",via_app:"手机",via_dashboard:"控制面板",via_service:"服务调用",via_automation:"自动化",more:"展开",less:"收起",likelihood:"可能性 {percent}",power_title:"确认分闸断电？",power_body:"将断开 {box} 的接触器，该箱所带负载全部断电，直到重新合闸。",power_on_title:"确认合闸送电？",power_on_body:"将闭合 {box} 的接触器恢复供电。请确认无人在该箱回路上作业。",power_for:"报警：{cause}",power_done:"已分闸断电，已回读确认",power_on_done:"已合闸送电，已回读确认",power_error:"分闸失败：{error}",power_on_error:"合闸失败：{error}",serial:"编号",transport:"通信方式",area:"区域",building:"楼栋",floor:"楼层",location:"安装位置",contactor:"接触器",contactor_on:"合闸（供电中）",contactor_off:"分闸（已断电）",live_values:"实时数据",alarm_settings:"报警设定值",alarms_heading:"报警记录",open_device:"打开设备页面",unavailable:"不可用",unknown:"未知",online:"在线",alarm_on:"报警",alarm_off:"无报警",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}：{value}",csv_file:"安全用电报警记录",csv_time:"报警时间",csv_received:"接收时间",csv_box:"配电箱",csv_serial:"编号",csv_site:"站点",csv_building:"楼栋",csv_area:"区域",csv_location:"安装位置",csv_floor:"楼层",csv_cause:"报警类型",csv_origin:"报警来源",csv_value:"测量值",csv_threshold:"报警值",csv_unit:"单位",csv_channel:"测量项",csv_state:"状态",csv_ack_by:"确认人",csv_ack_at:"确认时间",csv_cleared:"恢复时间",csv_power:"断电操作",csv_diagnosis:"诊断",csv_covered:"覆盖该报警的报警",report_period:"报表周期",report_day:"日报",report_month:"月报",report_year:"年报",report_custom:"自定义时段",report_date_day:"日期",report_date_month:"月份（选该月任一天）",report_date_year:"年份（选该年任一天）",report_start:"开始时间",report_end:"结束时间",report_bad_range:"结束时间须晚于开始时间。",report_scope:"统计范围",scope_all:"全部配电箱",scope_area:"按区域",scope_boxes:"指定配电箱",report_pick_boxes:"请至少选择一个配电箱。",report_language:"报表语言",make_report:"生成报表",making_report:"正在生成报表…",report_slow:"年报数据较多，可能需要几秒钟。",report_error:"生成报表失败：{message}",report_title:"{label} 报表",report_scope_count:"共 {count} 个配电箱",report_no_data:"这些配电箱本期没有任何记录：既无统计数据，也无报警。",fig_energy:"用电量",fig_max_demand:"最大需量",fig_qualification:"电压合格率",fig_alarms:"报警次数",no_data:"无数据",demand_at:"出现于 {time}",alarms_open:"未恢复 {count} 条",alarms_unacknowledged:"未确认 {count} 条",alarms_covered:"另有 {count} 条已由探测器报警覆盖，未计入",worst_box:"报警最多：{box}（{count} 条）",period_sharp:"尖峰",period_peak:"峰",period_flat:"平",period_valley:"谷",by_cause:"报警分类统计",no_report_alarms:"本期无报警。",open_printable:"打开可打印报表",download_csv:"下载 CSV",report_no_files:"Home Assistant 未返回报表文件的链接（未启用网页服务）。",plan_none:"还没有配电箱标注平面位置。",plan_label:"{floor}平面图",plan_grid:"网格：{step} 米 · 上北下南",plan_north:"北",on_map:"地图上的配电箱",on_map_hint:"这些配电箱只填写了经纬度，没有平面坐标。",open_map:"打开地图",drawing:"底图",drawing_title:"楼层底图",drawing_hint:"PNG、JPEG 或 WebP 图片，不超过 5 MB，显示在配电箱下面。按平面图的米数放置：左上角（西北角）的 X、Y，以及宽度和高度。",drawing_file:"图片",drawing_current:"保留当前图片，或另选一张。",drawing_x:"左边 X（米）",drawing_y:"上边 Y（米）",drawing_width:"宽度（米）",drawing_height:"高度（米）",drawing_remove:"删除底图",drawing_bad_type:"{name} 不是 PNG、JPEG 或 WebP 图片。",drawing_too_big:"{name} 有 {size} MB，不能超过 5 MB。",drawing_need_file:"请先选择底图图片。",drawing_bad_number:"请填写 X、Y（米），宽度和高度至少 0.1 米。",drawing_error:"底图未更改：{message}",map_label:"配电箱地图",not_placed:"未标注位置",not_placed_hint:"请在“设置 → 设备与服务 → 安全用电”中修改配电箱的名称和位置，填写平面坐标（X/Y，从楼角量起，单位米）或经纬度。",card_alarms_name:"安全用电报警",card_alarms_description:"报警列表：在仪表盘上确认报警、分闸断电。",card_box_name:"安全用电配电箱",card_box_description:"单个配电箱：状态、关键数据、接触器和未恢复的报警。",none_active:"没有未确认的报警。",none_acknowledged:"没有已确认的报警。",none_open:"没有未恢复的报警。",none_all:"没有报警记录。",open_panel:"在安全用电中打开",card_bad_config:"卡片配置须为键值对（key: value）。",card_bad_state:"state 只能是 active、acknowledged 或 all，不能是 {value}。",card_bad_limit:"limit 须为 1 到 100 的整数，不能是 {value}。",card_bad_area:"area_id 须为区域 ID（文本），不能是 {value}。",card_need_device:"请填写 device_id：安全用电配电箱的设备 ID（即其设备页面网址的最后一段）。",card_no_box:"安全用电中没有设备 ID 为 {id} 的配电箱。",history:"历史曲线",history_range:"时间范围",history_6h:"6 小时",history_24h:"24 小时",history_7d:"7 天",history_error:"读取历史数据失败：{message}",chart_current:"电流",chart_temperature:"温度",chart_leakage:"剩余电流",chart_box:"箱体",chart_limit:"报警值 {value}",chart_cable_limit:"线缆报警值 {value}",chart_box_limit:"箱体报警值 {value}",chart_no_data:"该时段没有记录",chart_off_scale:"（超出纵轴）",chart_keys:"{chart}：用方向键按时间查看",phase_a:"A相",phase_b:"B相",phase_c:"C相",phase_n:"N线",tab_settings:"设置",settings_admin_only:"只有管理员可以修改面板设置。",settings_load_error:"读取设置失败：{message}",settings_notice_title:"这些设置只影响面板显示，不是安全隔离",settings_notice:"这些设置只改变本面板显示和提供的内容：哪些用户能看到“分闸断电”“合闸送电”，以及用户的面板列出哪些配电箱。Home Assistant 没有按用户划分的实体权限：能登录的用户仍可通过 Home Assistant 自带的仪表盘、历史记录和 API 读取所有配电箱的状态，并调用任何服务（包括接触器开关）。",settings_units:"如果各单位（租户、商铺、部门）之间不得互相查看或操作配电箱，请为每个单位单独部署一套 Home Assistant，通过 MQTT 只接收本单位的配电箱：",settings_units_link:"见 docs/panel.md 的“二级单位”一节",users_heading:"用户",users_hint:"管理员始终可以分合闸、查看所有配电箱，不在此列出。未指定区域的用户可查看所有配电箱。",col_user:"用户",col_can_power:"允许分合闸",col_areas:"显示的区域",can_power:"分闸 / 合闸",choose_areas:"选择区域",choose_areas_for:"{user}的面板显示的区域",done:"完成",filter_areas:"筛选区域",clear_areas:"显示全部区域",areas_chosen:"只显示这 {count} 个区域的配电箱。",areas_chosen_one:"只显示该区域的配电箱。",areas_none_chosen:"未选择区域：该用户可查看所有配电箱。",remove_area:"移除{area}",no_area_match:"没有符合条件的区域。",no_users:"还没有其他用户：请在“设置 → 人员”中添加。",user_inactive:"已停用",save:"保存",saving:"保存中…",saved:"已保存",unsaved:"有未保存的修改",discard:"放弃修改",save_error:"保存失败：{message}",settings_stale:"保存时将删除设置中仍然引用、但 Home Assistant 中已不存在的用户或区域：{names}",chart_mean_range:"{mean}（{min}–{max}）",chart_hourly:"每小时平均值，阴影为该小时的最小–最大值",tariff_heading:"报表分时电价时段",tariff_hint:"报表按此每日时段（当地时间）把电量分为尖峰、峰、平、谷。每个时段从其开始时间持续到下一个时段开始。",tariff_default_used:"正在使用默认时段",tariff_custom:"本站自定义时段",tariff_bar:"全天各时段，00:00 至 24:00",tariff_start:"开始时间",tariff_period:"时段",tariff_start_of:"第 {row} 段的开始时间",tariff_period_of:"第 {row} 段的时段",tariff_remove:"删除 {start} 开始的时段",tariff_add:"添加时段",tariff_use_default:"恢复默认",tariff_empty:"至少需要一个时段。",tariff_bad_time:"第 {row} 段的开始时间无效（应为 HH:MM）。",tariff_first:"第一段必须从 00:00 开始，而不是 {start}。",tariff_order:"每段的开始时间必须晚于上一段：{start} 不晚于 {previous}。",tariff_invalid:"请先修正分时电价时段再保存",updates_heading:"状态更新",updates_hint:"测量值多久向 Home Assistant 写入一次新状态；每写一次，记录器就多一条数据。",updates_every_change:"每次变化都更新",updates_significant:"仅明显变化时更新（默认）",updates_significant_hint:"数值变化达到阈值才写入；在阈值内持续波动时，至少每个心跳间隔写入一次。状态写入和记录器数据约为原来的五分之一，报警不受影响。",heartbeat:"心跳间隔",heartbeat_unit:"分钟（{low}–{high}）",heartbeat_problem:"心跳间隔应为 {low}–{high} 之间的整数分钟。",heartbeat_invalid:"请先修正心跳间隔再保存",bands_heading:"变化阈值",band_voltage:"电压",band_or_share:"{step} 或 {share}",bands_note:"两者取较大值，百分比按当前显示值计。",updates_never:"报警、接触器状态、配电箱离线与恢复在线从不延后。早期预警和报警记录使用每一次读数；显示值、历史曲线和报表按状态计算，最多滞后一个变化阈值或一个心跳间隔。"},_s={en:fs,zh:bs};function o(s,a,e={}){return _s[s][a].replace(/\{(\w+)\}/g,(t,r)=>r in e?String(e[r]):t)}function ve(s,a){return a.join(s==="zh"?"、":", ")}function ut(s,a){return a<0?o(s,"floor_below",{level:-a}):a===0?o(s,"floor_ground"):o(s,"floor_above",{level:s==="zh"?a+1:a})}var vs={en:{overcurrent:"Overload",leakage:"Residual current (leakage)",cable_over_temperature:"Cable over-temperature",box_over_temperature:"Box over-temperature",overvoltage:"Overvoltage",undervoltage:"Undervoltage",phase_loss:"Phase loss",unbalance:"Unbalance",supply_outage:"Supply outage",sensor_fault:"Sensor fault",contactor_tripped:"Contactor tripped",offline:"Offline",gateway_unreachable:"Gateway unreachable"},zh:{overcurrent:"过流（过载）",leakage:"剩余电流（漏电）",cable_over_temperature:"线缆超温",box_over_temperature:"箱体超温",overvoltage:"过压",undervoltage:"欠压",phase_loss:"缺相",unbalance:"三相不平衡",supply_outage:"失压（停电）",sensor_fault:"传感器故障",contactor_tripped:"接触器脱扣",offline:"离线",gateway_unreachable:"网关通信中断"}},B=(s,a)=>vs[s][a]??a,mt=(s,a)=>o(s,`origin_${a}`),xs=["app","dashboard","service","automation"];function rr(s,a){let e=xs.find(t=>t===a);return e?o(s,`via_${e}`):a}var $a={en:{contactor:"Contactor",connectivity:"Connection",alarm:"Detector alarm",active_alarms:"Active alarms",current_a:"Phase A current",current_b:"Phase B current",current_c:"Phase C current",current_n:"Neutral current",voltage_a:"Phase A voltage",voltage_b:"Phase B voltage",voltage_c:"Phase C voltage",line_voltage_ab:"Line voltage A-B",line_voltage_bc:"Line voltage B-C",line_voltage_ca:"Line voltage C-A",leakage_current:"Leakage current",cable_temperature_a:"Phase A cable temperature",cable_temperature_b:"Phase B cable temperature",cable_temperature_c:"Phase C cable temperature",cable_temperature_n:"Neutral cable temperature",box_temperature:"Box temperature",power:"Active power",active_power:"Active power",active_power_a:"Phase A active power",active_power_b:"Phase B active power",active_power_c:"Phase C active power",energy:"Energy",power_factor:"Power factor",frequency:"Frequency",unbalance:"Unbalance",voltage_unbalance:"Voltage unbalance",current_unbalance:"Current unbalance",voltage_qualification_rate:"Voltage qualification rate",voltage_qualification_rate_month:"Voltage qualification rate this month",cable_temperature_margin:"Cable temperature margin",leakage_days_to_limit:"Days until the leakage limit",cable_temperature_trend:"Cable temperature trend",leakage_trend:"Leakage trend",overcurrent_threshold:"Overcurrent threshold",leakage_threshold:"Leakage threshold",cable_temperature_threshold:"Cable temperature threshold",box_temperature_threshold:"Box temperature threshold",overvoltage_threshold:"Overvoltage threshold",undervoltage_threshold:"Undervoltage threshold",overcurrent_delay:"Overcurrent alarm delay",leakage_delay:"Leakage alarm delay",temperature_delay:"Temperature alarm delay"},zh:{contactor:"接触器",connectivity:"通信状态",alarm:"探测器报警",active_alarms:"未确认报警",current_a:"A相电流",current_b:"B相电流",current_c:"C相电流",current_n:"N线电流",voltage_a:"A相电压",voltage_b:"B相电压",voltage_c:"C相电压",line_voltage_ab:"AB线电压",line_voltage_bc:"BC线电压",line_voltage_ca:"CA线电压",leakage_current:"剩余电流",cable_temperature_a:"A相温度",cable_temperature_b:"B相温度",cable_temperature_c:"C相温度",cable_temperature_n:"N线温度",box_temperature:"箱体温度",power:"总有功功率",active_power:"总有功功率",active_power_a:"A相有功功率",active_power_b:"B相有功功率",active_power_c:"C相有功功率",energy:"有功电能",power_factor:"功率因数",frequency:"频率",unbalance:"三相不平衡度",voltage_unbalance:"电压不平衡度",current_unbalance:"电流不平衡度",voltage_qualification_rate:"电压合格率",voltage_qualification_rate_month:"本月电压合格率",cable_temperature_margin:"线缆温度裕度",leakage_days_to_limit:"剩余电流距报警值天数",cable_temperature_trend:"线缆温度变化趋势",leakage_trend:"剩余电流变化趋势",overcurrent_threshold:"过流报警值",leakage_threshold:"剩余电流报警值",cable_temperature_threshold:"线缆温度报警值",box_temperature_threshold:"箱体温度报警值",overvoltage_threshold:"过压报警值",undervoltage_threshold:"欠压报警值",overcurrent_delay:"过流报警延时",leakage_delay:"剩余电流报警延时",temperature_delay:"超温报警延时"}},O=(s,a)=>$a[s][a],ys={en:{leakage:s=>`Circuit ${s} leakage current`,temperature:s=>`Temperature ${s}`},zh:{leakage:s=>`第${s}路剩余电流`,temperature:s=>`第${s}路温度`}};function ne(s,a){let e=/^(leakage_current|temperature)_(\d+)$/.exec(a);return e?ys[s][e[1]==="temperature"?"temperature":"leakage"](e[2]):$a[s][a]}var I=s=>y`
  <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${s}</svg>`,Aa=I(y`<path d="M4 6h16M4 12h16M4 18h16"/>`),ka=I(y`<path d="M19 12H5M11 6l-6 6 6 6"/>`),gt=I(y`<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>`),ft=I(y`<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>`),oe=I(y`<path d="M5 12.5l4.5 4.5L19 7.5"/>`),ar=I(y`<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/>`),xe=I(y`<path d="M14 5h5v5M19 5l-8 8M17 14v5H5V7h5"/>`),ws=I(y`<circle cx="12" cy="12" r="9"/><path d="M8 12.5l3 3 5-6"/>`),$s=I(y`<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>`),As=I(y`<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 2h-15z"/><path d="M10 21h4M12 8v4M12 14.5v.01"/>`),ks=I(y`<path d="M2 9a15 15 0 0 1 20 0M5.5 12.5a10 10 0 0 1 13 0M9 16a5 5 0 0 1 6 0M12 19.5v.01M3 3l18 18"/>`),V=I(y`<path d="M12 3v8"/><path d="M6.3 6.8a8 8 0 1 0 11.4 0"/>`),Ce={normal:ws,warning:$s,alarm:As,offline:ks,power_off:V};var ye=["alarm","warning","offline","power_off","normal"],Ss=new Set(["unavailable","unknown"]);function G(s,a,e){let t=a.entities[e];return t===void 0?void 0:s.states[t]?.state}var Ea=(s,a,e)=>s.entities[a]?.startsWith(`${e}.`)===!0,Es=new Set(["active_alarms","location"]);function Ta(s,a,e){let t=s.get(a);return t||(t=Object.keys(a.entities).filter(e),s.set(a,t)),t}var Ts=new WeakMap,Rs=new WeakMap,sr=s=>Ta(Ts,s,a=>Ea(s,a,"sensor")&&!Es.has(a)),ir=s=>Ta(Rs,s,a=>(a==="alarm"||a.startsWith("alarm_"))&&Ea(s,a,"binary_sensor")),nr=(s,a)=>ir(a).filter(e=>G(s,a,e)==="on");function J(s,a,e){let t=sr(a),r=G(s,a,"connectivity"),i=t.length>0&&!t.some(c=>{let l=G(s,a,c);return l!==void 0&&!Ss.has(l)});return r==="off"||r==="unavailable"||i?"offline":G(s,a,"contactor")==="off"?"power_off":e.some(c=>c.state==="active"&&c.covered_by===null)||nr(s,a).length>0?"alarm":e.length>0?"warning":"normal"}function Le(s,a,e){let t=a.entities[e],r=t===void 0?void 0:s.states[t];if(!r||r.state.trim()==="")return;let i=Number(r.state);if(!Number.isFinite(i))return;let n=t===void 0?void 0:s.entities?.[t]?.display_precision;return{value:i,unit:r.attributes.unit_of_measurement,...n===void 0?{}:{digits:n}}}function _t(s,a,e){return e.map(t=>Le(s,a,t)).reduce((t,r)=>r&&(!t||r.value>t.value)?r:t,void 0)}function vt(s){return s?.unit==="W"?{value:s.value/1e3,unit:"kW"}:s}function Ra(s,a,e){let t=e.find(r=>a.entities[r]!==void 0);return t===void 0?void 0:Le(s,a,t)}var Ne=["current_a","current_b","current_c"],Fe=["power","active_power"],or=["cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n"],Ma=Array.from({length:16},(s,a)=>a+1),lr=["leakage_current",...Ma.map(s=>`leakage_current_${s}`)],cr=[...or,...Ma.map(s=>`temperature_${s}`)];function Pa(s,a){let e=[s.name,s.site,s.building,s.area,s.floor,s.location,s.serial].filter(t=>t!==null).join(" ").toLocaleLowerCase();return a.toLocaleLowerCase().split(/\s+/).every(t=>e.includes(t))}var bt=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function Sa(s,a){let e=new Map;for(let t of s){let r=a(t);e.set(r,[...e.get(r)??[],t])}return[...e.entries()].sort(([t],[r])=>(t===null?1:0)-(r===null?1:0)||bt.compare(t??"",r??""))}function dr(s){return Sa(s,a=>a.site).map(([a,e])=>({key:a??"",name:a??"",buildings:Sa(e,t=>t.building).map(([t,r])=>({key:t??"",name:t,floors:Ps(r)}))}))}function Ca(s){let a=dr(s);return a.flatMap(e=>e.buildings.flatMap(t=>t.floors.map(r=>{let i=(t.name===null?"":`@${t.name}`)+(a.length>1?`@@${e.name}`:"");return{...r,key:r.key+i,building:t.name,site:a.length>1?e.name:null,suffix:i}})))}function Ms(s){let a=s.map(e=>e.level).filter(e=>e!==null);return a.length?Math.min(...a):null}function Ps(s){let a=new Map;for(let t of s){let r=t.floor!==null?`floor:${t.floor_id??t.floor}`:t.level!==null?`level:${t.level}`:"",i=a.get(r)??{name:t.floor,level:t.floor===null?t.level:null,boxes:[]};i.boxes.push(t),a.set(r,i)}let e=(t,r)=>{if(t==="")return[2,0,""];let i=Ms(r.boxes);return i===null?[1,0,r.name??""]:[0,i,r.name??""]};return[...a.entries()].map(([t,r])=>({key:t,floor:r,sort:e(t,r)})).sort((t,r)=>t.sort[0]-r.sort[0]||t.sort[1]-r.sort[1]||bt.compare(t.sort[2],r.sort[2])).map(({key:t,floor:r})=>({key:t,name:r.name,level:r.level,areas:Cs(r.boxes)}))}function Cs(s){let a=new Map;for(let e of s){let t=e.area_id??"",r=a.get(t)??{key:t,name:e.area,boxes:[]};r.boxes.push(e),a.set(t,r)}return[...a.values()].sort((e,t)=>(e.key===""?1:0)-(t.key===""?1:0)||bt.compare(e.name??"",t.name??"")).map(e=>({...e,boxes:[...e.boxes].sort((t,r)=>bt.compare(t.name,r.name))}))}function xt(s,a,e){return s.locale!==a.locale||s.language!==a.language||s.config!==a.config||e.some(t=>Object.values(t.entities).some(r=>r!==void 0&&s.states[r]!==a.states[r]))}function La(s){let a=new Map;for(let e of s){if(e.device_id===null)continue;let t=a.get(e.device_id);t?t.push(e):a.set(e.device_id,[e])}return a}var Z=(s,a)=>p`<span class="chip ${a}">${Ce[a]}${o(s,`state_${a}`)}</span>`,Ls={active:"alarm",acknowledged:"warning",cleared:"normal"},pr=(s,a)=>{let e=Ls[a];return p`<span class="chip ${e}">${Ce[e]}${o(s,`alarm_${a}`)}</span>`},le=(...s)=>s.filter(a=>a).join(" · ");function yt(s,a){return[a.name,...a.building?[o(s,"labelled",{label:o(s,"building"),value:a.building})]:[],...a.area?[o(s,"labelled",{label:o(s,"area"),value:a.area})]:[],...a.location?[o(s,"labelled",{label:o(s,"location"),value:a.location})]:[],o(s,"labelled",{label:o(s,"serial"),value:a.serial})]}var He=(s,a)=>a.user?o(s,"who_via",{user:a.user,via:rr(s,a.via)}):rr(s,a.via);function wt(s,a,e){let t=o(s,"power_by",{command:o(s,a.command==="off"?"power_off":"power_on"),who:He(s,a),time:e})+(a.box?` ${o(s,"power_box",{box:a.box})}`:""),r=a.ok?o(s,"power_confirmed"):o(s,"power_failed",{error:a.error??o(s,"unknown")});return o(s,"power_line",{action:t,result:r})}function $t(s,a){return a.name!==null?a.name:a.level!==null?ut(s,a.level):o(s,"no_floor")}function ce(s,a){return a===void 0||a==="unavailable"?o(s,"unavailable"):a==="unknown"?o(s,"unknown"):a}function At(s,a,e){let t=[["fig_current",Ne,_t(s,e,Ne)],["fig_leakage",lr,_t(s,e,lr)],["fig_cable",cr,_t(s,e,cr)],["fig_power",Fe,vt(Ra(s,e,Fe))]];return p`<dl class="figures">
    ${t.filter(([,r])=>r.some(i=>e.entities[i]!==void 0)).map(([r,,i])=>p`
          <div>
            <dt class="secondary">${o(a,r)}</dt>
            <dd>${i?M(E(s),i.value,i.unit,ga(i.value)):o(a,"no_value")}</dd>
          </div>
        `)}
  </dl>`}function hr(s){history.pushState(null,"",s),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}var Ns=s=>s.button===0&&!s.metaKey&&!s.ctrlKey&&!s.shiftKey&&!s.altKey,C=s=>a=>{Ns(a)&&(a.preventDefault(),hr(s))};function Na(s){if(s===null)return"";if(typeof s=="number")return String(s);let a=/^[=+\-@\t\r]/.test(s)?`'${s}`:s;return/[",\r\n]/.test(a)?`"${a.replace(/"/g,'""')}"`:a}var Fa=[["csv_time",(s,a,e)=>X(s,e.time)],["csv_received",(s,a,e)=>X(s,e.received)],["csv_box",(s,a,e)=>e.box],["csv_serial",(s,a,e)=>e.serial],["csv_site",(s,a,e)=>e.site],["csv_building",(s,a,e)=>e.building],["csv_area",(s,a,e)=>e.area],["csv_location",(s,a,e)=>e.location],["csv_floor",(s,a,e)=>e.floor],["csv_cause",(s,a,e)=>B(a,e.cause)],["csv_origin",(s,a,e)=>mt(a,e.origin)],["csv_value",(s,a,e)=>e.value],["csv_threshold",(s,a,e)=>e.threshold],["csv_unit",(s,a,e)=>e.unit],["csv_channel",(s,a,e)=>e.channel?ne(a,e.channel)??e.channel:null],["csv_state",(s,a,e)=>o(a,`alarm_${e.state}`)],["csv_ack_by",(s,a,e)=>e.acknowledged?He(a,e.acknowledged):null],["csv_ack_at",(s,a,e)=>e.acknowledged?X(s,e.acknowledged.at):null],["csv_cleared",(s,a,e)=>e.cleared?X(s,e.cleared):null],["csv_power",(s,a,e)=>e.power.map(t=>wt(a,t,X(s,t.at))).join(`
`)],["csv_diagnosis",(s,a,e)=>e.diagnosis.map(t=>t[a]).join(`
`)],["csv_covered",(s,a,e)=>e.covered_by]];function Ha(s,a,e){return`\uFEFF${[Fa.map(([r])=>Na(o(a,r))),...e.map(r=>Fa.map(([,i])=>Na(i(s,a,r))))].map(r=>r.join(",")).join(`\r
`)}\r
`}function Ba(s,a){let e=URL.createObjectURL(new Blob([a],{type:"text/csv;charset=utf-8"})),t=document.createElement("a");t.href=e,t.download=s,t.click(),setTimeout(()=>URL.revokeObjectURL(e),0)}var S=x`:host{--sp-normal:var(--success-color,#43a047);--sp-warning:var(--warning-color,#ffa600);--sp-alarm:var(--error-color,#db4437);--sp-offline:var(--sp-offline-color,#757575);--sp-power-off:var(--sp-power-off-color,#7e57c2);--sp-radius:var(--ha-card-border-radius,12px);color:var(--primary-text-color,#212121);}*{box-sizing:border-box;}.icon{width:20px;height:20px;flex:none;}.card{background:var(--card-background-color,#fff);border:1px solid var(--divider-color,#e0e0e0);border-radius:var(--sp-radius);box-shadow:var(--ha-card-box-shadow,none);}.secondary{color:var(--secondary-text-color,#727272);}.error{color:var(--error-color,#db4437);}.banner{display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:12px 16px;border-radius:var(--sp-radius);border:1px solid var(--error-color,#db4437);background:color-mix(in srgb,var(--error-color,#db4437) 10%,var(--card-background-color,#fff));color:var(--primary-text-color,#212121);font-weight:500;}.empty{padding:32px 16px;text-align:center;color:var(--secondary-text-color,#727272);}button{font:inherit;cursor:pointer;}.btn{display:inline-flex;align-items:center;justify-content:center;gap:6px;min-height:40px;padding:0 16px;border-radius:20px;border:1px solid var(--divider-color,#e0e0e0);background:transparent;color:var(--primary-color,#03a9f4);font-weight:500;white-space:nowrap;}.btn.primary{border-color:var(--primary-color,#03a9f4);background:var(--primary-color,#03a9f4);color:var(--text-primary-color,#fff);}.btn.danger{border-color:var(--sp-alarm);background:var(--sp-alarm);color:#fff;}.btn:disabled{opacity:0.5;cursor:default;}.btn:focus-visible,a:focus-visible,select:focus-visible,input:focus-visible{outline:2px solid var(--primary-color,#03a9f4);outline-offset:2px;}select,input{font:inherit;min-height:40px;padding:0 10px;border-radius:8px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);}.chip{display:inline-flex;align-items:center;gap:4px;padding:2px 10px 2px 6px;border-radius:14px;font-size:0.875rem;font-weight:500;line-height:22px;white-space:nowrap;border:1px solid var(--sp-color);background:color-mix(in srgb,var(--sp-color) 14%,transparent);}.chip .icon{width:18px;height:18px;color:var(--sp-color);}.chip.alarm{background:var(--sp-color);color:#fff;}.chip.alarm .icon{color:#fff;}.normal{--sp-color:var(--sp-normal);}.warning{--sp-color:var(--sp-warning);}.alarm{--sp-color:var(--sp-alarm);}.offline{--sp-color:var(--sp-offline);}.power_off{--sp-color:var(--sp-power-off);}`,kt=x`.figures{display:grid;grid-template-columns:repeat(4,1fr);gap:4px;margin:10px 0 0;}.figures dt{font-size:0.75rem;}.figures dd{margin:0;font-weight:500;white-space:nowrap;}`,St=x`.search{display:flex;align-items:center;gap:8px;border-radius:8px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);color:var(--secondary-text-color,#727272);}.search input{flex:1;min-width:0;border:none;background:transparent;}.search input:focus-visible{outline:none;}.search:focus-within{outline:2px solid var(--primary-color,#03a9f4);}`,Et=x`:host{--sp-sharp:#c2185b;--sp-peak:#f57c00;--sp-flat:#1e88e5;--sp-valley:#00897b;}.sharp{background:var(--sp-sharp);}.peak{background:var(--sp-peak);}.flat{background:var(--sp-flat);}.valley{background:var(--sp-valley);}`;var Be=class extends A{constructor(){super(...arguments);this.language="en";this.busy=!1}willUpdate(e){e.has("request")&&(this.busy=!1,this.outcome=void 0)}updated(){let e=this.renderRoot.querySelector("dialog");this.request&&e&&!e.open&&e.showModal()}async run(){let e=this.request;if(!(!e||this.busy)){this.busy=!0;try{this.outcome={ok:!0,text:await e.run()}}catch(t){this.outcome={ok:!1,text:R(t)}}this.busy=!1}}close(){this.busy||(this.renderRoot.querySelector("dialog")?.close(),this.dispatchEvent(new CustomEvent("closed")))}onCancel(e){e.preventDefault(),this.close()}render(){let e=this.request;if(!e)return u;let t=this.language,r=this.outcome;return p`
      <dialog aria-labelledby="heading" @cancel=${this.onCancel}>
        <h2 id="heading">${V}<span>${e.heading}</span></h2>
        <p>${e.body}</p>
        <ul>
          ${e.details.map(i=>p`<li>${i}</li>`)}
        </ul>
        ${r?p`<p class="outcome ${r.ok?"ok":"failed"}" role="status">
                ${r.ok?oe:u}<span>${r.text}</span>
              </p>`:u}
        <div class="buttons">
          ${r?p`<button class="btn primary" @click=${this.close}>${o(t,"close")}</button>`:p`
                  <button class="btn" ?disabled=${this.busy} @click=${this.close}>
                    ${o(t,"cancel")}
                  </button>
                  <button class="btn danger" ?disabled=${this.busy} @click=${this.run}>
                    ${this.busy?o(t,"working"):e.confirm}
                  </button>
                `}
        </div>
      </dialog>
    `}};Be.properties={language:{attribute:!1},request:{attribute:!1},busy:{state:!0},outcome:{state:!0}},Be.styles=[S,x`dialog{width:min(460px,calc(100vw - 32px));padding:24px;border:none;border-radius:var(--sp-radius);background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);box-shadow:0 8px 32px rgba(0,0,0,0.35);}dialog::backdrop{background:rgba(0,0,0,0.45);}h2{display:flex;align-items:center;gap:10px;margin:0 0 12px;font-size:1.25rem;font-weight:500;}h2 .icon{width:26px;height:26px;color:var(--sp-alarm);}p{margin:0 0 12px;line-height:1.45;}ul{margin:0 0 16px;padding-left:20px;line-height:1.6;font-weight:500;}.outcome{display:flex;gap:8px;align-items:flex-start;padding:12px;border-radius:8px;font-weight:500;}.outcome.ok{border:1px solid var(--sp-normal);background:color-mix(in srgb,var(--sp-normal) 14%,transparent);}.outcome.failed{border:2px solid var(--sp-alarm);background:color-mix(in srgb,var(--sp-alarm) 14%,transparent);color:var(--sp-alarm);font-size:1.05rem;}.outcome .icon{color:var(--sp-normal);}.buttons{display:flex;justify-content:flex-end;gap:8px;flex-wrap:wrap;}`];customElements.get("safe-power-confirm")||customElements.define("safe-power-confirm",Be);var ee=class{constructor(a){this.host=a;this.alarms=[];this.total=0;this.loading=!1;this.loaded=!1;this.error=null;this.query={};this.pending=null;this.reads=0;a.addController(this)}hostConnected(){this.follow()}hostUpdate(){this.follow()}hostDisconnected(){this.unlisten?.(),this.unlisten=void 0,this.feed=void 0}async load(a,e){let t=++this.reads;this.hass=a,this.query=e,this.pending=[],this.loading=!0,this.error=null,this.host.requestUpdate();try{let i=await ct(a,e);if(t!==this.reads)return;this.alarms=i.alarms,this.total=i.total,this.loaded=!0}catch(i){if(t!==this.reads)return;this.error=R(i)}let r=this.pending??[];this.pending=null,this.loading=!1,r.forEach(i=>this.apply(i)),this.host.requestUpdate()}follow(){let a=this.host.feed;a!==this.feed&&(this.unlisten?.(),this.feed=a,this.unlisten=a?.listen({onEvent:e=>{this.pending?this.pending.push(e):this.loaded&&(this.apply(e),this.host.requestUpdate())},onResync:()=>{this.hass&&this.load(this.hass,this.query)}}))}apply({alarm:a}){let e=this.alarms.findIndex(r=>r.alarm_id===a.alarm_id),t=pa(a,this.query);if(e>=0&&t)this.alarms=this.alarms.map((r,i)=>i===e?a:r);else if(e>=0)this.alarms=this.alarms.filter((r,i)=>i!==e),this.total-=1;else if(t){let r=Date.parse(a.time),i=this.alarms.findIndex(n=>Date.parse(n.time)<r);this.alarms=i<0?[...this.alarms,a]:[...this.alarms.slice(0,i),a,...this.alarms.slice(i)],this.total+=1}}};var Ia=100,Oa={day:1,week:7,month:30,all:null},Fs={day:"range_day",week:"range_week",month:"range_month",all:"range_all"},Hs=864e5,Ie=class extends A{constructor(){super(...arguments);this.language="en";this.compact=!1;this.basePath="";this.filters={state:"active",cause:"",areaId:"",range:"all",limit:Ia};this.page=Ia;this.expanded=new Set;this.acking=new Set;this.actionError=null;this.list=new ee(this);this.loadedWith=""}willUpdate(e){if(e.has("preset")&&this.preset){let{state:r,areaId:i,limit:n}=this.preset;this.page=n,this.filters={state:r,cause:"",areaId:i,range:"all",limit:n}}else!this.hasUpdated&&this.deviceId!==void 0&&(this.filters={...this.filters,state:"all",range:"month"});let t=JSON.stringify([this.filters,this.deviceId]);this.hass&&t!==this.loadedWith&&(this.loadedWith=t,this.list.load(this.hass,this.query()))}query(){let{state:e,cause:t,areaId:r,range:i,limit:n}=this.filters,c=Oa[i];return{...e==="open"?{states:[...Q]}:e!=="all"&&{states:[e]},...t!==""&&{causes:[t]},...r!==""&&{area_ids:[r]},...this.deviceId!==void 0&&{device_ids:[this.deviceId]},...c!==null&&{start:new Date(Date.now()-c*Hs).toISOString()},limit:n}}setFilter(e,t){this.filters={...this.filters,[e]:t,limit:this.page}}showMore(){this.filters={...this.filters,limit:this.filters.limit+this.page}}async acknowledge(e){this.acking=new Set([...this.acking,...e]),this.actionError=null;try{await Yr(this.hass,e)}catch(t){this.actionError=await fe(this.hass,t)}this.acking=new Set([...this.acking].filter(t=>!e.includes(t)))}askPowerOff(e){let t=this.language,r=this.fleet.boxes.find(n=>n.device_id===e.device_id),i=r?.name??e.box;this.confirm={heading:o(t,"power_title"),body:o(t,"power_body",{box:i}),details:[...yt(t,{name:i,building:r?r.building:e.building,area:r?r.area:e.area,location:r?r.location:e.location,serial:e.serial}),o(t,"power_for",{cause:B(t,e.cause)})],confirm:o(t,"power_off"),run:async()=>{let n=await Qr(this.hass,e.alarm_id);if(!n.ok)throw new Error(o(t,"power_error",{error:n.error??o(t,"unknown")}));return o(t,"power_done")}}}async exportCsv(){this.actionError=null;try{let{list:e}=this,t=e.total>e.alarms.length?(await ct(this.hass,{...this.query(),limit:Math.min(e.total,1e4)})).alarms:e.alarms,r=_e(this.hass).slice(0,10);Ba(`${o(this.language,"csv_file")}-${r}.csv`,Ha(this.hass,this.language,t))}catch(e){this.actionError=R(e)}}toggle(e){let t=new Set(this.expanded);t.delete(e)||t.add(e),this.expanded=t}clipped(e){let t=(this.compact?70:200)/(this.language==="zh"?2:1);return e.diagnosis.length>1||e.diagnosis[0][this.language].length>t}canPowerOff(e){let r=this.fleet.boxes.find(i=>i.device_id===e.device_id)?.entities.contactor;return this.fleet.can_power&&e.state!=="cleared"&&!qr.includes(e.cause)&&r!==void 0&&this.hass.states[r]?.state!=="off"}render(){let{language:e,list:t}=this,r=t.alarms.filter(n=>n.state==="active").map(n=>n.alarm_id),i=[...r.length>1?[p`<button
              class="btn"
              ?disabled=${r.every(n=>this.acking.has(n))}
              @click=${()=>this.acknowledge(r)}
            >
              ${oe}${o(e,"acknowledge_all",{count:r.length})}
            </button>`]:[],...this.preset?[]:[p`<button class="btn" ?disabled=${t.alarms.length===0} @click=${this.exportCsv}>
              ${ft}${o(e,"export_csv")}
            </button>`]];return p`
      ${this.preset?u:this.renderFilters()}
      ${i.length?p`<div class="toolbar ${this.preset?"in-card":""}">${i}</div>`:u}
      ${this.actionError?p`<div class="banner" role="alert">${this.actionError}</div>`:u}
      ${t.error?p`<div class="banner" role="alert">${t.error}</div>`:u}
      ${this.renderList()}
      <safe-power-confirm
        .language=${e}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}renderFilters(){let{language:e,filters:t}=this,r=new Map(this.fleet.boxes.filter(n=>n.area_id!==null).map(n=>[n.area_id??"",n.area??n.area_id??""])),i=(n,c,l)=>p`
      <label>
        <span class="secondary">${c}</span>
        <select
          @change=${d=>this.setFilter(n,l[d.target.selectedIndex][0])}
        >
          ${l.map(([d,h])=>p`<option ?selected=${d===t[n]}>${h}</option>`)}
        </select>
      </label>
    `;return p`
      <div class="filters">
        ${i("state",o(e,"filter_state"),[...[...Q,"open",...Vr.filter(n=>!Q.includes(n))].map(n=>[n,o(e,`alarm_${n}`)]),["all",o(e,"all_states")]])}
        ${i("cause",o(e,"filter_cause"),[["",o(e,"all_causes")],...Gr.map(n=>[n,B(e,n)])])}
        ${this.deviceId===void 0?i("areaId",o(e,"filter_area"),[["",o(e,"all_areas")],...[...r].sort((n,c)=>n[1].localeCompare(c[1]))]):u}
        ${i("range",o(e,"filter_time"),Object.keys(Oa).map(n=>[n,o(e,Fs[n])]))}
      </div>
    `}renderList(){let{language:e,list:t}=this;if(!t.loaded)return t.loading?p`<p class="empty">${o(e,"loading")}</p>`:p``;if(t.alarms.length===0){let r=this.preset?`none_${this.preset.state}`:this.deviceId===void 0?"no_alarms":"no_box_alarms";return p`<p class="empty ${this.preset?"in-card":"card"}">${o(e,r)}</p>`}return p`
      ${this.compact?this.renderCards():this.renderTable()}
      ${this.preset&&t.total<=t.alarms.length?u:p`<div class="more">
              <span class="secondary">${o(e,"showing",{shown:t.alarms.length,total:t.total})}</span>
              ${t.total>t.alarms.length?p`<button class="btn" ?disabled=${t.loading} @click=${this.showMore}>
                      ${o(e,"show_more")}
                    </button>`:u}
            </div>`}
    `}renderTable(){let e=this.language,t=this.deviceId===void 0,r=t?6:5;return p`
      <table class="card">
        <thead>
          <tr>
            <th>${o(e,"col_time")}</th>
            ${t?p`<th>${o(e,"col_box")}</th>`:u}
            <th>${o(e,"col_cause")}</th>
            <th>${o(e,"col_value")}</th>
            <th>${o(e,"col_state")}</th>
            <th>${o(e,"col_actions")}</th>
          </tr>
        </thead>
        ${this.list.alarms.map(i=>p`
            <tbody class=${i.covered_by?"covered":""}>
              <tr>
                <td class="time">${this.renderTime(i)}</td>
                ${t?p`<td class="box-cell">${this.renderBox(i)}</td>`:u}
                <td class="cause-cell">${this.renderCause(i)}</td>
                <td>${this.renderValue(i)}</td>
                <td class="state-cell">${pr(e,i.state)}${this.renderHistory(i)}</td>
                <td><div class="actions">${this.renderActions(i)}</div></td>
              </tr>
              ${i.diagnosis.length?p`<tr class="diagnosis">
                      <td colspan=${r}>${this.renderDiagnosis(i)}</td>
                    </tr>`:u}
            </tbody>
          `)}
      </table>
    `}renderCards(){let e=this.language;return p`
      <div class="cards">
        ${this.list.alarms.map(t=>p`
            <article class="card ${t.covered_by?"covered":""}">
              <div class="top">
                ${pr(e,t.state)}
                <span class="secondary time">${this.renderTime(t)}</span>
              </div>
              ${this.renderCause(t)} ${this.deviceId===void 0?this.renderBox(t):u}
              ${this.renderValue(t)} ${this.renderHistory(t)}
              ${t.diagnosis.length?this.renderDiagnosis(t):u}
              <div class="actions">${this.renderActions(t)}</div>
            </article>
          `)}
      </div>
    `}renderTime(e){let t=be(this.hass,e.time);return e.late?p`${t}
          <div class="secondary small">
            ${o(this.language,"received_late",{time:be(this.hass,e.received)})}
          </div>`:p`${t}`}renderBox(e){let t=le(e.building,e.area,e.location),r=e.device_id?`${this.basePath}/box/${encodeURIComponent(e.device_id)}`:null;return p`
      <div class="box">
        ${r?p`<a href=${r} @click=${C(r)}>${e.box}</a>`:p`<span>${e.box}</span>`}
        ${t?p`<div class="secondary small">${t}</div>`:u}
      </div>
    `}renderCause(e){let t=this.language;return p`
      <div class="cause">
        <strong>${B(t,e.cause)}</strong>
        <div class="secondary small">${mt(t,e.origin)}</div>
        ${e.covered_by?p`<div class="small covered-note">${o(t,"covered")}</div>`:u}
      </div>
    `}renderValue(e){let t=ba(E(this.hass),e);if(!t)return u;let r=e.channel?ne(this.language,e.channel)??e.channel:null;return p`
      <div class="value">
        <span class="reading">${t}</span>
        ${r?p`<div class="secondary small">${r}</div>`:u}
      </div>
    `}renderHistory(e){let{hass:t,language:r}=this;return p`
      <ul class="history small">
        ${e.acknowledged?p`<li>
                ${o(r,"acknowledged_by",{who:He(r,e.acknowledged),time:be(t,e.acknowledged.at)})}
              </li>`:u}
        ${e.cleared?p`<li>${o(r,"cleared_at",{time:be(t,e.cleared)})}</li>`:u}
        ${e.power.map(i=>p`<li class=${i.ok?"":"error"}>
              ${V}<span>${wt(r,i,be(t,i.at))}</span>
            </li>`)}
      </ul>
    `}renderDiagnosis(e){let t=this.language,r=this.expanded.has(e.alarm_id),i=r?e.diagnosis:e.diagnosis.slice(0,1);return p`
      <div class="diagnosis-text ${r?"open":""}">
        ${i.map(n=>p`<p>
              <span class="likelihood"
                >${o(t,"likelihood",{percent:fa(E(this.hass),n.confidence)})}</span
              >
              ${n[t]}
            </p>`)}
        ${r||this.clipped(e)?p`<button class="link" aria-expanded=${r} @click=${()=>this.toggle(e.alarm_id)}>
                ${o(t,r?"less":"more")}
              </button>`:u}
      </div>
    `}renderActions(e){let t=this.language,r=[];return e.state==="active"&&r.push(p`<button
          class="btn primary"
          ?disabled=${this.acking.has(e.alarm_id)}
          @click=${()=>this.acknowledge([e.alarm_id])}
        >
          ${oe}${o(t,"acknowledge")}
        </button>`),this.canPowerOff(e)&&r.push(p`<button class="btn danger" @click=${()=>this.askPowerOff(e)}>
          ${V}${o(t,"power_off")}
        </button>`),r}};Ie.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},deviceId:{attribute:!1},preset:{attribute:!1},basePath:{attribute:!1},filters:{state:!0},expanded:{state:!0},acking:{state:!0},actionError:{state:!0},confirm:{state:!0}},Ie.styles=[S,x`:host{display:block;}.filters{display:flex;flex-wrap:wrap;gap:8px 12px;}.filters label{display:flex;flex-direction:column;gap:2px;font-size:0.8rem;}.filters select{font-size:0.95rem;min-width:140px;}.toolbar{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:8px;margin:12px 0;}.toolbar.in-card{margin-top:0;}.empty.in-card{margin:0;padding:12px 0;}.banner{margin-bottom:12px;}.small{font-size:0.85rem;}table{width:100%;border-collapse:separate;border-spacing:0;overflow:hidden;}th{text-align:left;font-weight:500;font-size:0.85rem;color:var(--secondary-text-color,#727272);padding:10px 12px;border-bottom:1px solid var(--divider-color,#e0e0e0);}td{padding:10px 12px;vertical-align:top;}tbody + tbody td{border-top:1px solid var(--divider-color,#e0e0e0);}tbody + tbody tr.diagnosis td,tr.diagnosis td{border-top:none;padding-top:0;}td.time{white-space:nowrap;}td.box-cell{min-width:170px;}td.cause-cell{min-width:140px;}td.state-cell{max-width:320px;}.covered{opacity:0.6;}.covered-note{font-style:italic;}.reading{font-weight:500;white-space:nowrap;}.box a{color:var(--primary-color,#03a9f4);font-weight:500;text-decoration:none;}.box a:hover{text-decoration:underline;}.history{list-style:none;margin:6px 0 0;padding:0;}.history li{display:flex;gap:4px;align-items:flex-start;margin-top:2px;}.history .icon{width:16px;height:16px;margin-top:2px;}.history li.error{font-weight:500;}.actions{display:flex;flex-wrap:wrap;gap:6px;}.diagnosis-text{display:flex;flex-direction:column;align-items:flex-start;gap:4px;padding:8px 12px;border-radius:8px;background:color-mix(in srgb,var(--primary-color,#03a9f4) 7%,transparent);font-size:0.9rem;line-height:1.45;}.diagnosis-text p{margin:0;}.diagnosis-text:not(.open) p{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;}.likelihood{font-weight:500;margin-right:4px;}.likelihood::after{content:" ·";}button.link{min-height:32px;padding:0;border:none;background:none;color:var(--primary-color,#03a9f4);font-weight:500;}.cards{display:flex;flex-direction:column;gap:10px;}article{display:flex;flex-direction:column;gap:6px;padding:12px;}article .top{display:flex;justify-content:space-between;align-items:center;gap:8px;flex-wrap:wrap;}article .time{font-size:0.85rem;}article .actions .btn{flex:1;}:host([compact]) button.link{min-height:40px;}:host([compact]) .filters label{flex:1 1 40%;}:host([compact]) .filters select{min-width:0;width:100%;}.more{display:flex;align-items:center;justify-content:space-between;gap:12px;margin-top:12px;}`];customElements.get("safe-power-alarms")||customElements.define("safe-power-alarms",Ie);var Ue=(s,a,e,t)=>s.callWS({type:"history/history_during_period",start_time:new Date(e).toISOString(),end_time:new Date(t).toISOString(),entity_ids:[...a],minimal_response:!0,no_attributes:!0,significant_changes_only:!1}),Ua=(s,a,e,t)=>s.callWS({type:"recorder/statistics_during_period",start_time:new Date(e).toISOString(),end_time:new Date(t).toISOString(),statistic_ids:[...a],period:"hour",types:["mean","min","max"],units:{}}),De=s=>typeof s=="number"?s:Date.parse(s),ur=(s,a)=>typeof s=="number"&&Number.isFinite(s)?s:a;function za(s,a){if(!s?.length)return de;let e=[],t=[],r=[],i=[],n=(c,l,d,h)=>{if(e.length&&c<=e[e.length-1]){t[t.length-1]=l,r[r.length-1]=d,i[i.length-1]=h;return}e.push(c),t.push(l),r.push(d),i.push(h)};for(let[c,l]of s.entries()){let d=Math.max(De(l.start),a),h=ur(l.mean,NaN);n(d,h,ur(l.min,h),ur(l.max,h));let m=s[c+1];m&&De(m.start)>De(l.end)&&n(De(l.end),NaN,NaN,NaN)}return{times:Float64Array.from(e),values:Float32Array.from(t),min:Float32Array.from(r),max:Float32Array.from(i)}}var ja=s=>De(s[s.length-1].end),de={times:new Float64Array(0),values:new Float32Array(0)};function ze(s,a){if(!s?.length)return de;let e=new Float64Array(s.length),t=new Float32Array(s.length),r=0,i=-1/0;for(let n of s){let c=n.lu??n.lc;if(c===void 0)continue;let l=Math.max(c*1e3,a),d=n.s.trim(),h=d===""?NaN:Number(d);if(l<=i&&r>0){t[r-1]=h;continue}e[r]=l,t[r]=h,i=l,r+=1}return{times:e.subarray(0,r),values:t.subarray(0,r)}}function mr(s,a,e){let t=s.times.length?s.times[s.times.length-1]:-1/0,r=s.values.length?s.values[s.values.length-1]:NaN,i=0;for(;i+1<s.times.length&&s.times[i+1]<=e;)i+=1;let n=0;for(;n<a.times.length&&a.times[n]<=t;)n+=1;n<a.times.length&&Bs(a.values[n],r)&&s.times.length&&(n+=1);let c=s.times.length-i,l=c+a.times.length-n,d=new Float64Array(l),h=new Float32Array(l);if(d.set(s.times.subarray(i),0),h.set(s.values.subarray(i),0),d.set(a.times.subarray(n),c),h.set(a.values.subarray(n),c),c>0&&d[0]<e&&(d[0]=e),!s.min||!s.max)return{times:d,values:h};let m=new Float32Array(l),g=new Float32Array(l);return m.set(s.min.subarray(i),0),g.set(s.max.subarray(i),0),m.set((a.min??a.values).subarray(n),c),g.set((a.max??a.values).subarray(n),c),{times:d,values:h,min:m,max:g}}var Bs=(s,a)=>s===a||Number.isNaN(s)&&Number.isNaN(a);function Da(s,a,e,t,r){let i=s.cols.length-1;if(i>=0&&s.cols[i]===a){e<s.min[i]&&(s.min[i]=e),e>s.max[i]&&(s.max[i]=e),s.last[i]=e,s.lo&&s.hi&&(t<s.lo[i]&&(s.lo[i]=t),r>s.hi[i]&&(s.hi[i]=r));return}s.cols.push(a),s.first.push(e),s.min.push(e),s.max.push(e),s.last.push(e),s.lo?.push(t),s.hi?.push(r)}function Ka(s,a,e,t){let{times:r,values:i,min:n,max:c}=s,l=n!==void 0&&c!==void 0,d=Math.max(1,Math.floor(t)),h=d/(e-a),m=b=>Math.min(d-1,Math.max(0,Math.floor((b-a)*h))),g=[],f=null;for(let b=0;b<r.length;b++){let w=Math.max(r[b],a),$=Math.min(b+1<r.length?r[b+1]:e,e);if(w>=e)break;if($<=a||$<=w)continue;let _=i[b];if(Number.isNaN(_)){f=null;continue}f||(f=l?{cols:[],first:[],min:[],max:[],last:[],lo:[],hi:[]}:{cols:[],first:[],min:[],max:[],last:[]},g.push(f));let v=m(w),T=Math.max(v,Math.min(d-1,Math.ceil(($-a)*h)-1)),k=l?Math.min(n[b],_):_,L=l?Math.max(c[b],_):_;Da(f,v,_,k,L),T>v&&Da(f,T,_,k,L)}return g}function Va(s,a){let{cols:e,lo:t,hi:r}=s;if(!t||!r||!e.length||a<e[0]||a>e[e.length-1])return null;let i=0,n=e.length-1;for(;i<n;){let c=i+n+1>>1;e[c]<=a?i=c:n=c-1}return[t[i],r[i]]}function Ga(s,a){let{cols:e}=s;if(!e.length||a<e[0]||a>e[e.length-1])return null;let t=0,r=e.length-1;for(;t<r;){let i=t+r+1>>1;e[i]<=a?t=i:r=i-1}return e[t]===a?[s.min[t],s.max[t],s.last[t]]:[s.last[t],s.last[t],s.last[t]]}var F=44,je=12,D=20,Tt=24,Rt=6e4,gr=[10,15,30,60,120,180,360,720,1440,2880],fr=1440;function Is(s,a){let e=s/a,t=10**Math.floor(Math.log10(e));return([1,2,5,10].find(i=>i*t>=e)??10)*t}var Ke=class extends A{constructor(){super(...arguments);this.language="en";this.label="";this.unit="";this.lines=[];this.start=0;this.end=0;this.zero=!1;this.compact=!1;this.width=0;this.cursor=null;this.resize=new ResizeObserver(e=>{let t=Math.floor(e[0]?.contentRect.width??0);t!==this.width&&(this.width=t)})}connectedCallback(){super.connectedCallback(),this.resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect()}willUpdate(e){let t=["lines","start","end","width","compact","zero"];(!this.geometry||t.some(r=>e.has(r)))&&(this.geometry=this.width>F+je+20?this.measure():void 0,this.geometry&&this.cursor!==null&&this.cursor>=this.geometry.columns&&(this.cursor=null))}measure(){let e=this.width,t=this.compact?180:220,r=Math.max(1,e-F-je),i=t-D-Tt,{start:n,end:c}=this,l=this.lines.map(k=>({line:k,runs:Ka(k.series,n,c,r)})),d=1/0,h=-1/0;for(let{line:k,runs:L}of l)if(!k.limit)for(let W of L){for(let Y of W.lo??W.min)Y<d&&(d=Y);for(let Y of W.hi??W.max)Y>h&&(h=Y)}let m=d===1/0;m&&(d=0,h=1);let g=this.zero?Math.min(0,d):d,f=h,b=f+.6*Math.max(f-g,Math.abs(f)*.1,1),w=new Set;for(let{line:k,runs:L}of l){if(!k.limit)continue;let W=Math.max(...L.flatMap(Ut=>Ut.max)),Y=Math.min(...L.flatMap(Ut=>Ut.min));Number.isFinite(W)&&(m||W>b||Y<g-(b-f)?w.add(k):(f=Math.max(f,W),g=Math.min(g,Y)))}f-g<1e-9&&(f+=1,(!this.zero||g>0)&&(g-=1));let $=Is(f-g,this.compact?3:4);g=Math.floor(g/$+1e-9)*$,f=Math.ceil(f/$-1e-9)*$;let _=[];for(let k=g;k<=f+$/2;k+=$)_.push(Math.round(k/$)*$);let v=k=>Math.round((D+(f-k)/(f-g)*i)*10)/10,T=l.map(({line:k,runs:L})=>({line:k,runs:L,offScale:w.has(k),path:w.has(k)?"":this.path(L,v),band:w.has(k)||k.limit?"":this.band(L,v)}));return{width:e,height:t,columns:r,lo:g,hi:f,yTicks:_,xTicks:this.timeTicks(r),drawn:T,empty:m}}path(e,t){let r=[];for(let i of e)for(let n=0;n<i.cols.length;n++){let c=F+i.cols[n]+.5;r.push(`${n===0?"M":"L"}${c} ${t(i.first[n])}`);let l=i.min[n]!==i.max[n];l&&r.push(`L${c} ${t(i.min[n])}L${c} ${t(i.max[n])}`),(l||i.cols.length===1||i.last[n]!==i.first[n])&&r.push(`L${c} ${t(i.last[n])}`)}return r.join("")}band(e,t){let r=[];for(let i of e){let{cols:n,lo:c,hi:l}=i;if(!c||!l||!n.length)continue;let d=n.map((m,g)=>`${F+m+.5} ${t(l[g])}`),h=n.map((m,g)=>`${F+m+.5} ${t(c[g])}`).reverse();r.push(`M${d.join("L")}L${h.join("L")}Z`)}return r.join("")}timeTicks(e){let{hass:t,start:r,end:i}=this,n=i-r;if(n<=0)return[];let c=f=>f>=fr?64:70,l=gr.find(f=>f*Rt*e/n>=c(f))??gr[gr.length-1],d=l*Rt,h=[],m=f=>Zt(t,f)*Rt,g=Math.ceil((r+m(r))/d)*d;for(let f=0;f<200;f++,g+=d){let b=g-m(g-m(r));if(b>i)break;if(b<r)continue;let w=l>=fr||g%(fr*Rt)===0;h.push({x:F+Math.round((b-r)/n*e)+.5,label:va(t,b,w),day:w})}return h}columnAt(e){let t=this.geometry,r=this.renderRoot.querySelector("svg")?.getBoundingClientRect();if(!t||!r)return null;let i=Math.floor(e-r.left-F);return i<0||i>=t.columns?null:i}onPointer(e){let t=this.columnAt(e.clientX);(t!==null||e.pointerType==="mouse")&&(this.cursor=t)}onLeave(e){e.pointerType==="mouse"&&(this.cursor=null)}onKey(e){let t=this.geometry;if(!t)return;let r=e.shiftKey?Math.ceil(t.columns/10):Math.max(1,Math.ceil(t.columns/100)),i=this.cursor??t.columns-1,n;if(e.key==="ArrowLeft")n=Math.max(0,i-(this.cursor===null?0:r));else if(e.key==="ArrowRight")n=Math.min(t.columns-1,i+(this.cursor===null?0:r));else if(e.key==="Home")n=0;else if(e.key==="End")n=t.columns-1;else if(e.key==="Escape")n=null;else return;e.preventDefault(),this.cursor=n}render(){let e=this.geometry,t=this.language;return p`
      <div
        class="frame"
        tabindex="0"
        role="group"
        aria-label=${o(t,"chart_keys",{chart:this.label})}
        @keydown=${this.onKey}
        @blur=${()=>this.cursor=null}
      >
        ${e?p`<svg
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
                  ${e.drawn.map(({line:r,band:i})=>i?y`<path class="band" d=${i} fill=${r.color}></path>`:u)}
                  ${e.drawn.map(({line:r,path:i})=>i?y`<path class="line ${r.limit?"limit":""}" d=${i} stroke=${r.color}></path>`:u)}
                  ${this.renderCursor(e)}
                </svg>
                ${e.empty?p`<div class="empty-data secondary">${o(t,"chart_no_data")}</div>`:u}
                ${this.renderTip(e)}`:p`<div class="placeholder" style="height: ${this.compact?180:220}px"></div>`}
      </div>
      ${e?this.renderLegend(e):u}
    `}renderAxes(e){let t=E(this.hass),r=e.height-Tt,i=l=>Math.round(D+(e.hi-l)/(e.hi-e.lo)*(r-D))+.5,n=e.yTicks.length>1?e.yTicks[1]-e.yTicks[0]:1,c=Math.max(0,-Math.floor(Math.log10(n)+1e-9));return y`
      <text class="unit" x=${F-6} y=${D-8} text-anchor="end">${this.unit}</text>
      ${e.yTicks.map(l=>y`
          <line class="grid" x1=${F} x2=${e.width-je} y1=${i(l)} y2=${i(l)}></line>
          <text class="tick" x=${F-6} y=${i(l)} dy="0.32em" text-anchor="end">${P(t,l,Math.min(c+(n%1?1:0),3))}</text>
        `)}
      ${e.xTicks.map(l=>y`
          <line class="grid ${l.day?"day":""}" x1=${l.x} x2=${l.x} y1=${D} y2=${r}></line>
          <text class="tick" x=${l.x} y=${r+16} text-anchor="middle">${l.label}</text>
        `)}
      <line class="axis" x1=${F} x2=${e.width-je} y1=${r+.5} y2=${r+.5}></line>
    `}valuesAt(e,t){return e.drawn.map(r=>{for(let i of r.runs){let n=Ga(i,t);if(n)return[r,...n,r.band?Va(i,t):null]}return[r,NaN,NaN,NaN,null]})}renderCursor(e){let t=this.cursor;if(t===null)return u;let r=F+t+.5,i=e.height-Tt,n=c=>D+(e.hi-c)/(e.hi-e.lo)*(i-D);return y`
      <line class="cursor" x1=${r} x2=${r} y1=${D} y2=${i}></line>
      ${this.valuesAt(e,t).filter(([c,,,l])=>!c.offScale&&!Number.isNaN(l)).map(([c,,,l])=>y`<circle class="dot" cx=${r} cy=${n(l)} r="3.5" fill=${c.line.color}></circle>`)}
    `}renderTip(e){let t=this.cursor;if(t===null)return u;let r=E(this.hass),i=this.start+(t+.5)/e.columns*(this.end-this.start),n=F+t,c=n>e.width/2,l=(e.hi-e.lo)/100,d=(h,m,g,f)=>Number.isNaN(g)?o(this.language,"no_value"):f?o(this.language,"chart_mean_range",{mean:M(r,g,this.unit),min:P(r,f[0]),max:P(r,f[1])}):m-h>l?`${P(r,h)} – ${M(r,m,this.unit)}`:M(r,g,this.unit);return p`<div
      class="tip"
      role="status"
      aria-live="polite"
      style="left: ${c?n-10:n+10}px; transform: translateX(${c?"-100%":"0"})"
    >
      <div class="when">${xa(this.hass,i)}</div>
      ${this.valuesAt(e,t).map(([h,m,g,f,b])=>p`<div class="row">
          ${this.swatch(h.line)}<span class="name">${h.line.short??h.line.name}</span
          ><span class="value">${d(m,g,f,b)}</span>
        </div>`)}
    </div>`}swatch(e){return p`<svg class="swatch" width="18" height="10" aria-hidden="true">
      <line x1="1" x2="17" y1="5" y2="5" stroke=${e.color} class=${e.limit?"limit":""}></line>
    </svg>`}renderLegend(e){return p`<ul class="legend">
      ${e.drawn.map(t=>p`<li class=${t.offScale?"off":""}>
          ${this.swatch(t.line)}${t.line.name}${t.offScale?p` <span class="secondary">${o(this.language,"chart_off_scale")}</span>`:u}
        </li>`)}
    </ul>`}};Ke.properties={hass:{attribute:!1},language:{attribute:!1},label:{attribute:!1},unit:{attribute:!1},lines:{attribute:!1},start:{attribute:!1},end:{attribute:!1},zero:{type:Boolean},compact:{type:Boolean},width:{state:!0},cursor:{state:!0}},Ke.styles=[S,x`:host{display:block;position:relative;min-width:0;}.frame{position:relative;border-radius:6px;}.frame:focus-visible{outline:2px solid var(--primary-color,#03a9f4);outline-offset:2px;}svg{display:block;touch-action:pan-y;user-select:none;-webkit-user-select:none;}.grid{stroke:var(--divider-color,#e0e0e0);stroke-width:1;}.grid.day{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 22%,transparent);}.axis{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 35%,transparent);}.tick,.unit{font-size:11px;fill:var(--secondary-text-color,#727272);}.unit{font-weight:500;}.line{fill:none;stroke-width:1.6;stroke-linejoin:round;stroke-linecap:round;}.band{fill-opacity:0.16;stroke:none;}.limit{stroke-dasharray:6 4;stroke-linecap:butt;}path.limit{stroke-width:1.4;}.cursor{stroke:var(--primary-text-color,#212121);stroke-opacity:0.45;}.dot{stroke:var(--card-background-color,#fff);stroke-width:1.5;}.empty-data{position:absolute;inset:${D}px ${je}px ${Tt}px ${F}px;display:flex;align-items:center;justify-content:center;font-size:0.9rem;}.tip{position:absolute;top:8px;z-index:1;min-width:150px;padding:6px 10px;border-radius:8px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);box-shadow:0 2px 8px rgba(0,0,0,0.18);font-size:0.8rem;pointer-events:none;white-space:nowrap;}.when{margin-bottom:2px;font-weight:500;}.row{display:flex;align-items:center;gap:6px;line-height:1.5;}.row .name{flex:1;color:var(--secondary-text-color,#727272);}.row .value{font-weight:500;font-variant-numeric:tabular-nums;}.swatch{flex:none;}.swatch line{stroke-width:2.5;}.legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:6px 0 0;padding:0 0 0 ${F}px;list-style:none;font-size:0.85rem;}.legend li{display:inline-flex;align-items:center;gap:5px;}@media (max-width:600px){.legend{padding-left:0;}}`];customElements.get("safe-power-chart")||customElements.define("safe-power-chart",Ke);var br={"6h":6,"24h":24,"7d":168},Os={"6h":"history_6h","24h":"history_24h","7d":"history_7d"},qa=36e5,_r=new Set(["7d"]),Ds=6e4,H={a:"#e0a100",b:"#2e9b4f",c:"#dc3b3b",n:"#3a7bd5",box:"#8e5cc8",leakage:"#0f9aa8",limit:"var(--secondary-text-color, #727272)"},Wa=[{key:"current",title:"chart_current",unit:"A",zero:!0,lines:[["current_a","phase_a",H.a],["current_b","phase_b",H.b],["current_c","phase_c",H.c],["current_n","phase_n",H.n]],limits:[["overcurrent_threshold","chart_limit",H.limit]]},{key:"temperature",title:"chart_temperature",unit:"°C",zero:!1,lines:[["cable_temperature_a","phase_a",H.a],["cable_temperature_b","phase_b",H.b],["cable_temperature_c","phase_c",H.c],["cable_temperature_n","phase_n",H.n],["box_temperature","chart_box",H.box]],limits:[["cable_temperature_threshold","chart_cable_limit",H.limit],["box_temperature_threshold","chart_box_limit",H.box]]},{key:"leakage",title:"chart_leakage",unit:"mA",zero:!0,lines:[["leakage_current","chart_leakage",H.leakage]],limits:[["leakage_threshold","chart_limit",H.limit]]}],Ya="24h",Ve=class extends A{constructor(){super(...arguments);this.language="en";this.compact=!1;this.range=Ya;this.loading=!1;this.error=null;this.series=new Map;this.window=[0,0];this.reads=0;this.loadedFor="";this.shown=[]}connectedCallback(){super.connectedCallback(),this.timer=setInterval(()=>{this.refresh()},Ds)}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this.timer),this.loadedFor="",this.reads+=1}entityIds(){let e=[];for(let t of Wa)for(let[r]of[...t.lines,...t.limits]){let i=this.box.entities[r];i&&e.push(i)}return e}willUpdate(e){let t=`${this.box.device_id}|${this.range}`;t!==this.loadedFor&&(this.loadedFor.startsWith(`${this.box.device_id}|`)||(this.series=new Map),this.loadedFor=t,this.load()),["series","window","language","box","settings"].some(r=>e.has(r))&&(this.shown=this.charts())}async load(){let e=++this.reads,t=this.entityIds(),r=Date.now(),i=r-br[this.range]*qa;if(this.loading=!0,this.error=null,!t.length){this.series=new Map,this.loading=!1;return}try{let n=_r.has(this.range)?await this.readHourly(t,i,r):new Map(t.map(c=>[c,de]));if(!_r.has(this.range)){let c=await Ue(this.hass,t,i,r);for(let l of t)n.set(l,ze(c[l],i))}if(e!==this.reads)return;this.series=n,this.window=[i,r]}catch(n){if(e!==this.reads)return;this.error=R(n)}this.loading=!1}async readHourly(e,t,r){let i={};try{i=await Ua(this.hass,e,t,r)}catch{}let n=new Map,c=e.filter(g=>i[g]?.length),l=e.filter(g=>!i[g]?.length),d=c.length?Math.min(...c.map(g=>ja(i[g]??[]))):r,[h,m]=await Promise.all([l.length?Ue(this.hass,l,t,r):Promise.resolve({}),c.length&&d<r?Ue(this.hass,c,d,r):Promise.resolve({})]);for(let g of e)n.set(g,l.includes(g)?ze(h[g],t):mr(za(i[g],t),ze(m[g],d),t));return n}async refresh(){if(this.loading||this.error!==null||document.hidden||!this.series.size)return;let e=++this.reads,t=[...this.series.keys()],r=this.window[1],i=Date.now(),n=i-br[this.range]*qa;try{let c=await Ue(this.hass,t,r,i);if(e!==this.reads)return;this.series=new Map(t.map(l=>[l,mr(this.series.get(l)??de,ze(c[l],r),n)])),this.window=[n,i]}catch{}}choose(e){Ya=e,this.range=e}charts(){let{box:e,language:t}=this,r=this.settings??e.settings,[i]=this.window,n=[];for(let c of Wa){let l=c.lines.filter(([m])=>e.entities[m]);if(!l.length)continue;let d=this.hass.states[e.entities[l[0][0]]??""]?.attributes.unit_of_measurement??c.unit,h=l.map(([m,g,f])=>({key:m,name:o(t,g),color:f,series:this.series.get(e.entities[m]??"")??de}));for(let[m,g,f]of c.limits){let b=e.entities[m],w=r?.[m];if(!b&&!w)continue;let $=b&&this.series.get(b)||de;if(!$.times.length&&this.series.size){let T=b?Number(this.hass.states[b]?.state):w?.value??NaN;Number.isFinite(T)&&($={times:new Float64Array([i]),values:new Float32Array([T])})}let _=NaN;for(let T=$.values.length-1;T>=0&&Number.isNaN(_);T--)_=$.values[T];let v=(b?this.hass.states[b]?.attributes.unit_of_measurement:w?.unit)??d;h.push({key:m,name:Number.isNaN(_)?o(t,g,{value:""}).trim():o(t,g,{value:M(E(this.hass),_,v)}),short:o(t,g,{value:""}).trim(),color:f,series:$,limit:!0})}n.push({group:c,title:o(t,c.title),unit:d,lines:h})}return n}render(){let e=this.language;if(!this.shown.length)return u;let[t,r]=this.window;return p`
      <section class="card">
        <div class="head">
          <h2>${o(e,"history")}</h2>
          <div class="ranges" role="group" aria-label=${o(e,"history_range")}>
            ${Object.keys(br).map(i=>p`<button
                class="range"
                aria-pressed=${this.range===i}
                @click=${()=>this.choose(i)}
              >
                ${o(e,Os[i])}
              </button>`)}
          </div>
        </div>
        ${this.error!==null?p`<div class="banner" role="alert">
                <span>${o(e,"history_error",{message:this.error})}</span>
                <button class="btn" @click=${()=>{this.load()}}>${o(e,"retry")}</button>
              </div>`:u}
        ${this.error!==null&&!this.series.size?u:this.renderCharts(t,r)}
      </section>
    `}renderCharts(e,t){let r=this.language;return p`
        <div class="charts ${this.loading?"loading":""}" aria-busy=${this.loading}>
          ${this.shown.map(i=>p`<div class="chart">
              <h3>${i.title}</h3>
              ${this.loading&&!this.series.size?p`<div class="wait secondary" role="status">${o(r,"loading")}</div>`:p`<safe-power-chart
                      .hass=${this.hass}
                      .language=${r}
                      .label=${i.title}
                      .unit=${i.unit}
                      .lines=${i.lines}
                      .start=${e}
                      .end=${t}
                      ?zero=${i.group.zero}
                      ?compact=${this.compact}
                    ></safe-power-chart>`}
            </div>`)}
        </div>
        ${this.loading&&this.series.size?p`<div class="secondary small" role="status">${o(r,"loading")}</div>`:u}
        ${_r.has(this.range)&&[...this.series.values()].some(i=>i.min)?p`<div class="secondary small">${o(r,"chart_hourly")}</div>`:u}
    `}};Ve.properties={hass:{attribute:!1},language:{attribute:!1},box:{attribute:!1},settings:{attribute:!1},compact:{type:Boolean},range:{state:!0},loading:{state:!0},error:{state:!0},series:{state:!0},window:{state:!0}},Ve.styles=[S,x`:host{display:block;}section{padding:16px;}.head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;margin-bottom:8px;}h2{margin:0;font-size:1.1rem;font-weight:500;}h3{margin:0 0 4px;font-size:0.95rem;font-weight:500;}.ranges{display:inline-flex;border:1px solid var(--divider-color,#e0e0e0);border-radius:20px;overflow:hidden;}.range{min-height:36px;padding:0 14px;border:none;background:transparent;color:var(--primary-text-color,#212121);font-weight:500;}.range + .range{border-left:1px solid var(--divider-color,#e0e0e0);}.range[aria-pressed="true"]{background:var(--primary-color,#03a9f4);color:var(--text-primary-color,#fff);}.range:focus-visible{outline:2px solid var(--primary-color,#03a9f4);outline-offset:-4px;}.banner{margin-bottom:12px;}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:20px 24px;}.charts.loading safe-power-chart{opacity:0.5;}.chart{min-width:0;}.wait{display:flex;align-items:center;justify-content:center;height:180px;border-radius:8px;background:color-mix(in srgb,var(--primary-text-color,#212121) 4%,transparent);}.small{margin-top:8px;font-size:0.85rem;}`];customElements.get("safe-power-history")||customElements.define("safe-power-history",Ve);var Ge=class extends A{constructor(){super(...arguments);this.language="en";this.canPower=!1;this.framed=!1;this.compact=!1}render(){let{box:e,language:t}=this,r=e.entities.contactor;if(r===void 0)return u;let i=this.hass.states[r]?.state,n=i==="on"||i==="off";return p`
      <div class="contactor ${i==="off"?"power_off":"normal"} ${this.framed?"card":""}">
        ${V}
        <div class="what">
          <div class="secondary">${o(t,"contactor")}</div>
          <div class="state">
            ${n?o(t,i==="on"?"contactor_on":"contactor_off"):ce(t,i)}
          </div>
        </div>
        ${this.canPower&&n?p`<button
                class="btn ${i==="on"?"danger":"primary"}"
                @click=${()=>this.ask(r,i==="off")}
              >
                ${V}${o(t,i==="on"?"power_off":"power_on")}
              </button>`:u}
      </div>
      <safe-power-confirm
        .language=${t}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}ask(e,t){let{box:r,language:i}=this;this.confirm={heading:o(i,t?"power_on_title":"power_title"),body:o(i,t?"power_on_body":"power_body",{box:r.name}),details:yt(i,r),confirm:o(i,t?"power_on":"power_off"),run:async()=>{try{await la(this.hass,e,t)}catch(n){let c=await fe(this.hass,n);throw new Error(o(i,t?"power_on_error":"power_error",{error:c}))}return o(i,t?"power_on_done":"power_done")}}}};Ge.properties={hass:{attribute:!1},language:{attribute:!1},box:{attribute:!1},canPower:{attribute:!1},framed:{type:Boolean,reflect:!0},compact:{type:Boolean,reflect:!0},confirm:{state:!0}},Ge.styles=[S,x`:host{display:block;}.contactor{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;border-left:6px solid var(--sp-color);padding:8px 0 8px 12px;}:host([framed]) .contactor{padding:16px;}.contactor>.icon{width:28px;height:28px;color:var(--sp-color);}.what{flex:1;min-width:130px;}.state{font-size:1.1rem;font-weight:500;}:host([compact]) .btn{width:100%;}`];customElements.get("safe-power-contactor")||customElements.define("safe-power-contactor",Ge);function Us(s,a){let e=t=>{let r=lt.indexOf(t);return r<0?lt.length:r};return e(s)-e(a)||s.localeCompare(a)}var qe=class extends A{constructor(){super(...arguments);this.language="en";this.open=[];this.compact=!1;this.basePath="";this.subscribed=""}connectedCallback(){super.connectedCallback(),this.hass&&this.box&&this.follow()}disconnectedCallback(){super.disconnectedCallback(),this.unfollow()}updated(){this.isConnected&&this.box.device_id!==this.subscribed&&this.follow()}follow(){this.unfollow();let e=this.subscribed=this.box.device_id;this.subscription=Wr(this.hass,e,t=>{e===this.subscribed&&(this.settings=t)}),this.subscription.catch(()=>{})}unfollow(){let e=this.subscription;this.subscription=void 0,this.subscribed="",this.settings=void 0,e?.then(t=>t()).catch(()=>{})}render(){let{box:e,language:t}=this,r=J(this.hass,e,this.open),i=`/config/devices/device/${encodeURIComponent(e.device_id)}`,n=[["building",e.building],["area",e.area],["floor",e.floor??(e.level!==null?ut(t,e.level):null)],["location",e.location],["serial",e.serial],["transport",o(t,`transport_${e.transport}`)]];return p`
      <section class="card head">
        <div class="title">
          <h1>${e.name}</h1>
          ${Z(t,r)}
        </div>
        <dl class="facts">
          ${n.filter(c=>c[1]!==null).map(([c,l])=>p`<div>
                  <dt class="secondary">${o(t,c)}</dt>
                  <dd>${l}</dd>
                </div>`)}
        </dl>
        <a class="btn" href=${i} @click=${C(i)}>${xe}${o(t,"open_device")}</a>
      </section>
      ${e.entities.contactor!==void 0?p`<safe-power-contactor
              .hass=${this.hass}
              .language=${t}
              .box=${e}
              .canPower=${this.fleet.can_power}
              framed
              ?compact=${this.compact}
            ></safe-power-contactor>`:u}
      <section class="card">
        <h2>${o(t,"live_values")}</h2>
        <dl class="values">${this.renderValues()}</dl>
      </section>
      ${this.renderSettings()}
      <safe-power-history
        .hass=${this.hass}
        .language=${t}
        .box=${e}
        .settings=${this.settings}
        ?compact=${this.compact}
      ></safe-power-history>
      <h2 class="alarms-heading">${o(t,"alarms_heading")}</h2>
      <safe-power-alarms
        .hass=${this.hass}
        .language=${t}
        .fleet=${this.fleet}
        .feed=${this.feed}
        .deviceId=${e.device_id}
        .basePath=${this.basePath}
        ?compact=${this.compact}
      ></safe-power-alarms>
    `}renderValues(){let{box:e,hass:t,language:r}=this,i=G(t,e,"connectivity"),n=ir(e),c=[...new Set([...nr(t,e),...this.open.filter(d=>d.state==="active"&&d.origin==="device"&&!e.entities[`alarm_${d.cause}`]).map(d=>`alarm_${d.cause}`)])],l=[...e.entities.active_alarms?["active_alarms"]:[],...sr(e)];return[...e.entities.connectivity?[this.renderValue(O(r,"connectivity"),i==="on"||i==="off"?o(r,i==="on"?"online":"state_offline"):ce(r,i),i==="off")]:[],...n.length?[this.renderValue(O(r,"alarm"),c.length?ve(r,c.map(d=>d==="alarm"?o(r,"alarm_on"):B(r,d.slice(6)))):n.some(d=>G(t,e,d)==="off")?o(r,"alarm_off"):ce(r,G(t,e,n[0])),c.length>0)]:[],...l.sort(Us).map(d=>{let h=t.states[e.entities[d]??""],m=vt(Le(t,e,d));return this.renderValue(ne(r,d)??h?.attributes.friendly_name??d,m?M(E(t),m.value,m.unit,m.digits):ce(r,h?.state),!1)})]}renderSettings(){let{box:e,hass:t,language:r}=this,i=this.settings??e.settings,n=lt.filter(c=>i?.[c]!==void 0||/_(threshold|delay)$/.test(c)&&e.entities[c]);return n.length?p`<section class="card">
      <h2>${o(r,"alarm_settings")}</h2>
      <dl class="values">
        ${n.map(c=>{let l=Le(t,e,c),d=i?.[c],h=l??(d?{value:d.value,unit:d.unit??void 0}:void 0);return this.renderValue(ne(r,c)??c,h?M(E(t),h.value,h.unit,h.digits):ce(r,G(t,e,c)),!1)})}
      </dl>
    </section>`:u}renderValue(e,t,r){return p`<div class=${r?"flagged":""}>
      <dt class="secondary">${e}</dt>
      <dd>${t}</dd>
    </div>`}};qe.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},box:{attribute:!1},open:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},basePath:{attribute:!1},settings:{state:!0}},qe.styles=[S,x`:host{display:flex;flex-direction:column;gap:12px;}section{padding:16px;}.title{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;}h1{margin:0;font-size:1.5rem;font-weight:500;}h2{margin:0 0 12px;font-size:1.1rem;font-weight:500;}.alarms-heading{margin:12px 0 0;}dl{margin:0;}dd{margin:0;font-weight:500;}dt{font-size:0.8rem;}.facts{display:flex;flex-wrap:wrap;gap:8px 32px;margin:12px 0 16px;}.head a.btn{text-decoration:none;}.values{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px 16px;}.values>div{padding:8px 10px;border-radius:8px;background:color-mix(in srgb,var(--primary-text-color,#212121) 4%,transparent);}.values dd{font-size:1.15rem;}.values .flagged{background:color-mix(in srgb,var(--sp-alarm) 14%,transparent);}:host([compact]) .values{grid-template-columns:repeat(2,1fr);}`];customElements.get("safe-power-box")||customElements.define("safe-power-box",qe);var pe={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},Mt=s=>(...a)=>({_$litDirective$:s,values:a}),we=class{constructor(a){}get _$AU(){return this._$AM._$AU}_$AT(a,e,t){this._$Ct=a,this._$AM=e,this._$Ci=t}_$AS(a,e){return this.update(a,e)}update(a,e){return this.render(...e)}};var zs={},Qa=Mt(class extends we{constructor(){super(...arguments),this.ot=zs}render(s,a){return a()}update(s,[a,e]){if(Array.isArray(a)){if(Array.isArray(this.ot)&&this.ot.length===a.length&&a.every((t,r)=>t===this.ot[r]))return N}else if(this.ot===a)return N;return this.ot=Array.isArray(a)?Array.from(a):a,this.render(a,e)}});var js=[...Ne,"leakage_current",...or,...Fe],Ks=[],Vs=ye.filter(s=>s!=="normal"),We=class extends A{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.filter=null;this.search=""}render(){let{language:e,fleet:t}=this;if(t.boxes.length===0)return p`<p class="empty card">${o(e,"no_boxes")}</p>`;let r=new Map(t.boxes.map(l=>[l.device_id,J(this.hass,l,this.open.get(l.device_id)??[])])),i=l=>[...r.values()].filter(d=>d===l).length,n=this.search.trim(),c=t.boxes.filter(l=>(this.filter===null||r.get(l.device_id)===this.filter)&&(n===""||Pa(l,n)));return p`
      <div class="counts" role="group">
        <button class="count" aria-pressed=${this.filter===null} @click=${()=>this.filter=null}>
          <span class="number">${t.boxes.length}</span>
          <span class="label">${o(e,"count_boxes")}</span>
        </button>
        ${Vs.map(l=>p`
            <button
              class="count ${l}"
              aria-pressed=${this.filter===l}
              @click=${()=>this.filter=this.filter===l?null:l}
            >
              <span class="number">${i(l)}</span>
              <span class="label">${Ce[l]}${o(e,`state_${l}`)}</span>
            </button>
          `)}
      </div>
      <label class="search">
        ${gt}
        <input
          type="search"
          .value=${this.search}
          placeholder=${o(e,"search")}
          aria-label=${o(e,"search")}
          @input=${l=>this.search=l.target.value}
        />
      </label>
      ${c.length===0?p`<p class="empty card">
              ${o(e,"no_match")}
              <button class="btn" @click=${this.showAll}>${o(e,"show_all")}</button>
            </p>`:this.renderSites(c,r)}
    `}renderSites(e,t){let r=dr(e),i=e.some(c=>c.building!==null),n=c=>c.buildings.map(l=>i?this.renderBuilding(l,t):p`${l.floors.map(d=>this.renderFloor(d,t))}`);return r.length===1?n(r[0]):r.map(c=>p`<section class="site">
        <h2 class="site-name">${c.name}</h2>
        ${n(c)}
      </section>`)}renderBuilding(e,t){let r=e.floors.reduce((i,n)=>i+n.areas.reduce((c,l)=>c+l.boxes.length,0),0);return p`<section class="building">
      <h2 class="building-name">
        ${e.name??o(this.language,"no_building")}
        <span class="building-count">
          ${r===1?o(this.language,"box_count_one"):o(this.language,"box_count",{count:r})}
        </span>
      </h2>
      ${e.floors.map(i=>this.renderFloor(i,t))}
    </section>`}showAll(){this.filter=null,this.search=""}renderFloor(e,t){return p`
      <section>
        <h3 class="floor-name">${$t(this.language,e)}</h3>
        <div class="areas">
          ${e.areas.map(r=>p`
              <div class="area" style="--boxes: ${Math.min(r.boxes.length,4)}">
                <h4>${r.name??o(this.language,"no_area")}</h4>
                <div class="tiles">
                  ${r.boxes.map(i=>this.guardedTile(i,t.get(i.device_id)??"normal"))}
                </div>
              </div>
            `)}
        </div>
      </section>
    `}guardedTile(e,t){let{hass:r}=this,i=this.open.get(e.device_id)??Ks,n=[e,t,i,this.language,this.basePath,r.locale,r.language];for(let c of js){let l=e.entities[c];l!==void 0&&n.push(r.states[l])}return Qa(n,()=>this.renderTile(e,t,i))}renderTile(e,t,r){let{hass:i,language:n}=this,c=`${this.basePath}/box/${encodeURIComponent(e.device_id)}`,l=[...new Set(r.map(d=>B(n,d.cause)))];return p`
      <a class="tile card ${t}" href=${c} @click=${C(c)}>
        <div class="head">
          <span class="name">${e.name}</span>
          ${Z(n,t)}
        </div>
        ${e.location?p`<div class="secondary place">${e.location}</div>`:u}
        ${At(i,n,e)}
        ${r.length?p`<div class="alarms ${t==="alarm"?"active":""}">
                ${o(n,"open_alarms",{count:r.length})} · ${ve(n,l)}
              </div>`:u}
      </a>
    `}};We.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},filter:{state:!0},search:{state:!0}},We.styles=[S,kt,St,x`:host{display:block;}.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px;}.count{display:flex;flex-direction:column;align-items:flex-start;gap:2px;min-height:64px;padding:8px 14px;border-radius:var(--sp-radius);border:1px solid var(--divider-color,#e0e0e0);border-left:6px solid var(--sp-color,var(--primary-color,#03a9f4));background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);text-align:left;}.count[aria-pressed="true"]{background:color-mix( in srgb,var(--sp-color,var(--primary-color,#03a9f4)) 18%,var(--card-background-color,#fff) );border-color:var(--sp-color,var(--primary-color,#03a9f4));}.count .number{font-size:1.6rem;font-weight:500;line-height:1.2;}.count .label{display:inline-flex;align-items:center;gap:4px;font-size:0.875rem;color:var(--secondary-text-color,#727272);}.count .label .icon{width:16px;height:16px;color:var(--sp-color);}.search{margin:16px 0 4px;padding-left:12px;}.site-name{margin:32px 0 0;padding-bottom:4px;font-size:1.5rem;font-weight:400;border-bottom:2px solid var(--divider-color,#e0e0e0);}.building-name{display:flex;align-items:baseline;gap:12px;margin:28px 0 0;font-size:1.35rem;font-weight:500;}.building-count{font-size:0.875rem;font-weight:400;color:var(--secondary-text-color,#727272);}.floor-name{margin:24px 0 0;font-size:1.25rem;font-weight:500;}.building .floor-name{margin-top:16px;font-size:1.1rem;}h4{margin:12px 0 8px;font-size:0.95rem;font-weight:500;color:var(--secondary-text-color,#727272);}.areas{display:flex;flex-wrap:wrap;gap:0 24px;}.area{flex:1 1 calc(var(--boxes) * 272px);min-width:min(100%,260px);}.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;}.tile{display:block;padding:12px 14px;border-left:6px solid var(--sp-color);color:inherit;text-decoration:none;}.tile:hover{border-color:var(--sp-color);}.tile.alarm{border-color:var(--sp-alarm);animation:pulse 1.6s ease-out infinite;}@keyframes pulse{0%{box-shadow:0 0 0 0 color-mix(in srgb,var(--sp-alarm) 70%,transparent);}100%{box-shadow:0 0 0 10px transparent;}}@media (prefers-reduced-motion:reduce){.tile.alarm{animation:none;box-shadow:0 0 0 2px var(--sp-alarm);}}.head{display:flex;align-items:flex-start;justify-content:space-between;gap:8px;}.name{font-weight:500;font-size:1.05rem;overflow-wrap:anywhere;}.place{margin-top:2px;font-size:0.875rem;}.alarms{margin-top:8px;font-size:0.875rem;font-weight:500;color:var(--secondary-text-color,#727272);}.alarms.active{color:var(--sp-alarm);}`];customElements.get("safe-power-overview")||customElements.define("safe-power-overview",We);var he=7,xr=14,U={left:34,top:26,right:16,bottom:24},Gs=48,Pt=[1,2,5,10,20,50,100,200,500,1e3],Ct=s=>s.x!==null&&s.y!==null,vr=s=>!Ct(s)&&s.latitude!==null&&s.longitude!==null,qs=s=>{let a=s.key.startsWith("level:")?s.key.slice(0,s.key.length-s.suffix.length):s.areas[0]?.boxes[0]?.floor_id;return a?a+s.suffix:null},Xa=(s,a)=>[a.site,a.building,$t(s,a)].filter(e=>e!==null).join(" · "),Ja=["image/png","image/jpeg","image/webp"],Ws=5*1024*1024,Za=["x","y","width","height"],q=s=>String(Math.round(s*10)/10),Ys=s=>new Promise((a,e)=>{let t=new FileReader;t.onload=()=>a(String(t.result).replace(/^[^,]*,/,"")),t.onerror=()=>e(t.error),t.readAsDataURL(s)}),Qs=s=>new Promise(a=>{let e=URL.createObjectURL(s),t=new Image;t.onload=()=>{URL.revokeObjectURL(e),a(t.naturalWidth&&t.naturalHeight?t.naturalWidth/t.naturalHeight:null)},t.onerror=()=>{URL.revokeObjectURL(e),a(null)},t.src=e});function Xs(s,a,e){let t=s.map(v=>v.x),r=s.map(v=>v.y),i=v=>Math.min(0,...v),n=v=>Math.max(1,Math.max(...v)-i(v)),c=Math.max(1,.06*Math.max(n(t),n(r))),l=(v,T,k,L)=>Math.min((a-U.left-U.right)/(T-v),(e-U.top-U.bottom)/(L-k),Gs),d=l(i(t)-c,Math.max(...t)+c,i(r)-c,Math.max(...r)+c),h=Pt.find(v=>v*d>=12)??Pt[Pt.length-1],m=Pt.find(v=>v%h===0&&v*d>=56)??h,g=Math.floor((i(t)-c)/h)*h,f=Math.ceil((Math.max(...t)+c)/h)*h,b=Math.floor((i(r)-c)/h)*h,w=Math.ceil((Math.max(...r)+c)/h)*h,$=l(g,f,b,w),_=(v,T)=>Array.from({length:Math.round((T-v)/h)+1},(k,L)=>v+L*h);return{width:U.left+(f-g)*$+U.right,height:U.top+(w-b)*$+U.bottom,scale:$,xs:_(g,f),ys:_(b,w),major:m,minor:h,px:v=>U.left+(v-g)*$,py:v=>U.top+(w-v)*$}}var Js=s=>[...s].reduce((a,e)=>a+((e.codePointAt(0)??0)>=11904?12:6.8),0),es=(s,a)=>Math.max(0,Math.min(s.right,a.right)-Math.max(s.left,a.left))*Math.max(0,Math.min(s.bottom,a.bottom)-Math.max(s.top,a.top));function Zs(s,a,e,t){let r=[...t,...s.map(l=>({left:l.cx-he,top:l.cy-he,right:l.cx+he,bottom:l.cy+he}))],i={left:0,top:0,right:e.width,bottom:e.height},n=s.map((l,d)=>d).sort((l,d)=>ye.indexOf(s[l].state)-ye.indexOf(s[d].state)||s[l].cy-s[d].cy),c=[];for(let l of n){let d=s[l],h=a(d),m=Math.max(...h.map(Js)),g=h.length*xr,f=he+5,b=d.cy+4-(h.length-1)*xr/2,w=[[{x:d.cx+f,y:b,anchor:"start",lines:h},{left:d.cx+f,top:d.cy-g/2,right:d.cx+f+m,bottom:d.cy+g/2}],[{x:d.cx-f,y:b,anchor:"end",lines:h},{left:d.cx-f-m,top:d.cy-g/2,right:d.cx-f,bottom:d.cy+g/2}],[{x:d.cx,y:d.cy+f+10,anchor:"middle",lines:h},{left:d.cx-m/2,top:d.cy+f,right:d.cx+m/2,bottom:d.cy+f+g}],[{x:d.cx,y:d.cy-f-g+10,anchor:"middle",lines:h},{left:d.cx-m/2,top:d.cy-f-g,right:d.cx+m/2,bottom:d.cy-f}]],$=([,v])=>r.reduce((T,k)=>T+es(v,k),0)+4*((v.right-v.left)*(v.bottom-v.top)-es(v,i)),_=w.reduce((v,T)=>$(T)<$(v)?T:v);r.push(_[1]),c[l]=_[0]}return s.map((l,d)=>({...l,label:c[d]}))}async function ei(){if(window.loadCardHelpers!==void 0||customElements.get("partial-panel-resolver")===void 0)return;let s=document.createElement("partial-panel-resolver"),{routes:a}=s._getRoutes([{component_name:"lovelace",url_path:"safe-power-map"}]);await a["safe-power-map"]?.load?.()}async function ti(){try{await ei()}catch{return!1}let s=window.loadCardHelpers;if(s===void 0)return!1;try{(await s()).createCardElement({type:"map",entities:[]})}catch{return!1}let a=new Promise(e=>setTimeout(e,5e3));return await Promise.race([customElements.whenDefined("ha-map"),a]),customElements.get("ha-map")!==void 0}var Ye=class extends A{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.width=0;this.resize=new ResizeObserver(e=>{this.width=e[0].contentRect.width});this.drawings={};this.editing=null;this.draft={x:"",y:"",width:"",height:""};this.file=null;this.busy=!1;this.drawingError=""}connectedCallback(){super.connectedCallback(),this.resize.observe(this),this.hass&&this.loadDrawings(),customElements.get("ha-map")||ti().then(e=>e&&this.requestUpdate())}async loadDrawings(){try{this.drawings=await Xr(this.hass)??{}}catch{this.drawings={}}}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect()}stateOf(e){return J(this.hass,e,this.open.get(e.device_id)??[])}href(e){return`${this.basePath}/box/${encodeURIComponent(e.device_id)}`}render(){let e=this.language,t=this.fleet.boxes;if(t.length===0)return p`<p class="empty card">${o(e,"no_boxes")}</p>`;let r=Ca(t.filter(Ct)),i=new Map(t.map(l=>[l.device_id,this.stateOf(l)])),n=l=>l.areas.flatMap(d=>d.boxes).filter(d=>i.get(d.device_id)==="alarm").length,c=r.find(l=>l.key===this.floor)??r.find(l=>n(l)>0)??r[0];return p`
      ${r.length>1?p`<div class="floors" role="group">
              ${r.map(l=>{let d=n(l);return p`<button
                  class="floor"
                  aria-pressed=${l===c}
                  @click=${()=>{this.floor=l.key,this.editing=null}}
                >
                  ${Xa(e,l)}
                  <span class="count">${l.areas.reduce((h,m)=>h+m.boxes.length,0)}</span>
                  ${d?p`<span class="badge" aria-label=${o(e,"state_alarm")}>${d}</span>`:u}
                </button>`})}
            </div>`:u}
      ${c?this.renderFloor(c,i):p`<p class="empty card">${o(e,"plan_none")}</p>`}
      ${this.renderList("on_map",t.filter(vr),i)}
      ${this.renderList("not_placed",t.filter(l=>!Ct(l)&&!vr(l)),i)}
    `}renderFloor(e,t){let r=this.language,i=e.areas.flatMap(b=>b.boxes).filter(Ct).map(b=>({box:b,x:b.x,y:b.y})),n=Xa(r,e),c=ye.map(b=>[b,i.filter(w=>t.get(w.box.device_id)===b).length]).filter(([,b])=>b>0),l=Math.max(280,Math.min(window.innerHeight*.68,760)),d=qs(e),h=d===null?void 0:this.drawings[d],m=h?[{x:h.x,y:h.y},{x:h.x+h.width,y:h.y-h.height}]:[],g=this.width>0?Xs([...i,...m],this.width-34,l):null,f=this.hass.user?.is_admin===!0&&d!==null;return p`
      <section class="card plan">
        <div class="plan-head">
          <h2>${n}</h2>
          ${f?p`<button
                  class="btn"
                  aria-expanded=${this.editing===d}
                  @click=${()=>this.editing===d?this.editing=null:this.startEditing(d,i)}
                >
                  ${o(r,"drawing")}
                </button>`:u}
        </div>
        ${f&&this.editing===d?this.renderDrawingForm(d,h):u}
        ${g?this.renderSvg(g,i,t,n,h):u}
        <div class="below">
          <ul class="legend">
            ${c.map(([b,w])=>p`<li class=${b}>
                <span class="dot"></span>${o(r,`state_${b}`)} <strong>${w}</strong>
              </li>`)}
          </ul>
          ${g?p`<span class="secondary small">
                  ${o(r,"plan_grid",{step:P(E(this.hass),g.minor,0)})}
                </span>`:u}
        </div>
      </section>
    `}renderSvg(e,t,r,i,n){let c=this.language,l=E(this.hass),d=e.py(e.ys[e.ys.length-1]),h=e.py(e.ys[0]),m=e.px(e.xs[0]),g=e.px(e.xs[e.xs.length-1]),f={x:g-4,y:d-22},b=Zs(t.map(({box:_,x:v,y:T})=>({box:_,state:r.get(_.device_id)??"normal",cx:e.px(v),cy:e.py(T)})),_=>_.state==="normal"?[_.box.name]:[_.box.name,o(c,`state_${_.state}`)],e,[{left:f.x-24,top:f.y-2,right:f.x+6,bottom:f.y+16}]),w=_=>Math.abs(_/e.major-Math.round(_/e.major))<1e-9,$=_=>P(l,_,0);return y`
      <svg
        role="img"
        aria-label=${o(c,"plan_label",{floor:i})}
        width=${e.width}
        height=${e.height}
        viewBox="0 0 ${e.width} ${e.height}"
      >
        <rect class="floor-area" x=${m} y=${d} width=${g-m} height=${h-d}></rect>
        ${n?y`<image
                class="drawing"
                href=${n.url}
                x=${e.px(n.x)}
                y=${e.py(n.y)}
                width=${n.width*e.scale}
                height=${n.height*e.scale}
                preserveAspectRatio="none"
              ></image>`:u}
        ${e.xs.map(_=>y`
            <line class=${w(_)?"major":"minor"} x1=${e.px(_)} x2=${e.px(_)} y1=${d} y2=${h}></line>
            ${w(_)?y`<text class="axis" x=${e.px(_)} y=${h+16} text-anchor="middle">${$(_)}</text>`:u}
          `)}
        ${e.ys.map(_=>y`
            <line class=${w(_)?"major":"minor"} x1=${m} x2=${g} y1=${e.py(_)} y2=${e.py(_)}></line>
            ${w(_)?y`<text class="axis" x=${m-6} y=${e.py(_)+4} text-anchor="end">${$(_)}</text>`:u}
          `)}
        <g class="north" transform="translate(${f.x} ${f.y})">
          <path d="M0 0 L5 14 L0 10 L-5 14 Z"></path>
          <text x="-9" y="13" text-anchor="end">${o(c,"plan_north")}</text>
        </g>
        ${b.map(_=>this.renderDot(_))}
      </svg>
    `}startEditing(e,t){let r=this.drawings[e];if(r)this.draft={x:q(r.x),y:q(r.y),width:q(r.width),height:q(r.height)};else{let i=t.map(d=>d.x),n=t.map(d=>d.y),c=Math.min(0,...i),l=Math.max(...n);this.draft={x:q(c),y:q(l),width:q(Math.max(1,Math.max(...i)-c)),height:q(Math.max(1,l-Math.min(0,...n)))}}this.file=null,this.drawingError="",this.editing=e}async chooseFile(e){let t=this.language,r=e.target,i=r.files?.[0]??null;if(this.file=null,this.drawingError="",!!i){if(!Ja.includes(i.type))this.drawingError=o(t,"drawing_bad_type",{name:i.name});else if(i.size>Ws){let n=P(E(this.hass),i.size/1048576,1);this.drawingError=o(t,"drawing_too_big",{name:i.name,size:n})}else{this.file=i;let n=await Qs(i),c=Number(this.draft.width);n&&this.file===i&&this.draft.width.trim()!==""&&c>0&&(this.draft={...this.draft,height:q(c/n)});return}r.value=""}}async save(e,t){let r=this.language,[i,n,c,l]=Za.map(d=>this.draft[d].trim()===""?Number.NaN:Number(this.draft[d]));if(![i,n,c,l].every(Number.isFinite)||c<.1||l<.1){this.drawingError=o(r,"drawing_bad_number");return}if(!this.file&&!t){this.drawingError=o(r,"drawing_need_file");return}await this.run(async()=>{let d=this.file?await Ys(this.file):void 0;await Jr(this.hass,e,{x:i,y:n,width:c,height:l},d)})}async run(e){this.busy=!0,this.drawingError="";try{await e(),await this.loadDrawings(),this.editing=null,this.file=null}catch(t){this.drawingError=o(this.language,"drawing_error",{message:R(t)})}finally{this.busy=!1}}renderDrawingForm(e,t){let r=this.language,i={x:o(r,"drawing_x"),y:o(r,"drawing_y"),width:o(r,"drawing_width"),height:o(r,"drawing_height")};return p`
      <form
        class="drawing-form"
        novalidate
        @submit=${n=>{n.preventDefault(),this.save(e,t)}}
      >
        <h3>${o(r,"drawing_title")}</h3>
        <p class="secondary small">${o(r,"drawing_hint")}</p>
        <label class="field">
          <span>${o(r,"drawing_file")}</span>
          <input
            type="file"
            accept=${Ja.join(",")}
            ?disabled=${this.busy}
            @change=${n=>{this.chooseFile(n)}}
          />
        </label>
        ${t&&!this.file?p`<p class="secondary small">${o(r,"drawing_current")}</p>`:u}
        <div class="numbers">
          ${Za.map(n=>p`<label class="field">
              <span>${i[n]}</span>
              <input
                type="number"
                step="0.1"
                inputmode="decimal"
                required
                min=${n==="width"||n==="height"?"0.1":u}
                .value=${this.draft[n]}
                ?disabled=${this.busy}
                @input=${c=>this.draft={...this.draft,[n]:c.target.value}}
              />
            </label>`)}
        </div>
        ${this.drawingError?p`<p class="error" role="alert">${this.drawingError}</p>`:u}
        <div class="actions">
          <button class="btn primary" type="submit" ?disabled=${this.busy}>
            ${this.busy?o(r,"working"):o(r,"save")}
          </button>
          ${t?p`<button
                  class="btn"
                  type="button"
                  ?disabled=${this.busy}
                  @click=${()=>{this.run(()=>Zr(this.hass,e))}}
                >
                  ${o(r,"drawing_remove")}
                </button>`:u}
          <button class="btn" type="button" ?disabled=${this.busy} @click=${()=>this.editing=null}>
            ${o(r,"cancel")}
          </button>
        </div>
      </form>
    `}renderDot(e){let t=this.language,{box:r,state:i,cx:n,cy:c,label:l}=e,d=this.href(r),h=le(r.building,r.area,r.location),m=[r.name,o(t,`state_${i}`),h].filter(g=>g).join(" · ");return y`
      <a class="box ${i}" href=${d} @click=${C(d)} aria-label=${m}>
        <title>${m}</title>
        ${i==="alarm"?y`<circle class="pulse" cx=${n} cy=${c} r=${he}></circle>`:u}
        <circle class="mark" cx=${n} cy=${c} r=${he}></circle>
        <text class="label" x=${l.x} y=${l.y} text-anchor=${l.anchor}>
          ${l.lines.map((g,f)=>y`<tspan class=${f===0?"name":"state"} x=${l.x} dy=${f===0?0:xr}>${g}</tspan>`)}
        </text>
      </a>
    `}mapEntities(){if(this.mapped?.fleet!==this.fleet){let e=this.fleet.boxes.filter(vr).map(t=>t.entities.location).filter(t=>t!==void 0);this.mapped={fleet:this.fleet,ids:e}}return this.mapped.ids}renderList(e,t,r){if(t.length===0)return u;let i=this.language,n=E(this.hass),c=[...t].sort((d,h)=>d.name.localeCompare(h.name)),l=e==="on_map"&&customElements.get("ha-map")!==void 0;return p`
      <section class="card list">
        <div class="list-head">
          <div>
            <h2>${o(i,e)}</h2>
            <p class="secondary small">${o(i,e==="on_map"?"on_map_hint":"not_placed_hint")}</p>
          </div>
          ${e==="on_map"&&!l?p`<a class="btn" href="/map" @click=${C("/map")}>${o(i,"open_map")}</a>`:u}
        </div>
        ${l?p`<ha-map
                class="map"
                aria-label=${o(i,"map_label")}
                .hass=${this.hass}
                .entities=${this.mapEntities()}
                .zoom=${16}
                .autoFit=${!0}
              ></ha-map>`:u}
        <ul>
          ${c.map(d=>{let h=this.href(d),m=le(d.building,d.area,d.location),g=e==="on_map"&&d.latitude!==null&&d.longitude!==null?`${P(n,d.latitude,5)}, ${P(n,d.longitude,5)}`:"";return p`<li>
              <a href=${h} @click=${C(h)}>${d.name}</a>
              ${Z(i,r.get(d.device_id)??"normal")}
              <span class="secondary small">${[m,g].filter(f=>f).join(" · ")}</span>
            </li>`})}
        </ul>
      </section>
    `}};Ye.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},floor:{state:!0},width:{state:!0},drawings:{state:!0},editing:{state:!0},draft:{state:!0},file:{state:!0},busy:{state:!0},drawingError:{state:!0}},Ye.styles=[S,x`:host{display:flex;flex-direction:column;gap:12px;}h2{margin:0 0 8px;font-size:1.1rem;font-weight:500;}.small{font-size:0.85rem;}.floors{display:flex;flex-wrap:wrap;gap:8px;}.floor{display:inline-flex;align-items:center;gap:6px;min-height:40px;padding:0 14px;border-radius:20px;border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);font-weight:500;}.floor[aria-pressed="true"]{border-color:var(--primary-color,#03a9f4);background:color-mix(in srgb,var(--primary-color,#03a9f4) 16%,var(--card-background-color,#fff));}.floor .count{color:var(--secondary-text-color,#727272);font-weight:400;}.badge{min-width:20px;padding:0 6px;border-radius:10px;background:var(--sp-alarm);color:#fff;font-size:0.75rem;line-height:20px;text-align:center;}.plan{padding:16px;}.plan-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;margin-bottom:8px;}.plan-head h2{margin:0;}.drawing-form{display:flex;flex-direction:column;gap:10px;margin-bottom:12px;padding:12px;border:1px solid var(--divider-color,#e0e0e0);border-radius:var(--sp-radius);}.drawing-form h3{margin:0;font-size:1rem;font-weight:500;}.drawing-form p{margin:0;}.field{display:flex;flex-direction:column;gap:4px;font-size:0.85rem;color:var(--secondary-text-color,#727272);}.field input{font-size:1rem;min-width:0;}.field input[type="file"]{padding:6px 10px;}.numbers{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:8px 12px;}.actions{display:flex;flex-wrap:wrap;gap:8px;}.drawing{opacity:0.55;}.map{display:block;height:320px;margin-bottom:8px;border-radius:var(--sp-radius);overflow:hidden;}svg{display:block;margin:0 auto;max-width:100%;height:auto;font-size:12px;font-family:inherit;}.floor-area{fill:color-mix(in srgb,var(--primary-text-color,#212121) 3%,transparent);}line.minor{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 7%,transparent);stroke-width:1;}line.major{stroke:color-mix(in srgb,var(--primary-text-color,#212121) 18%,transparent);stroke-width:1;}.axis{fill:var(--secondary-text-color,#727272);font-size:11px;}.north path{fill:var(--secondary-text-color,#727272);}.north text{fill:var(--secondary-text-color,#727272);font-size:11px;font-weight:500;}.box{cursor:pointer;}.box:focus-visible{outline:none;}.box:focus-visible .mark,.box:hover .mark{stroke:var(--primary-text-color,#212121);}.mark{fill:var(--sp-color);stroke:var(--card-background-color,#fff);stroke-width:2;}.pulse{fill:var(--sp-alarm);transform-box:fill-box;transform-origin:center;animation:ring 1.6s ease-out infinite;}@keyframes ring{from{opacity:0.6;transform:scale(1);}to{opacity:0;transform:scale(3);}}@media (prefers-reduced-motion:reduce){.pulse{animation:none;opacity:0.3;transform:scale(1.9);}}.label{paint-order:stroke;stroke:var(--card-background-color,#fff);stroke-width:3px;stroke-linejoin:round;}.label .name{fill:var(--primary-text-color,#212121);font-weight:500;}.label .state{fill:var(--sp-color);font-size:11px;font-weight:500;}.box:hover .name,.box:focus-visible .name{text-decoration:underline;}.below{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;margin-top:8px;}.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:0;list-style:none;font-size:0.875rem;}.legend li{display:flex;align-items:center;gap:6px;}.legend .dot{width:12px;height:12px;border-radius:50%;background:var(--sp-color);}.list{padding:16px;}.list-head{display:flex;flex-wrap:wrap;align-items:flex-start;justify-content:space-between;gap:8px 16px;}.list-head p{margin:0 0 8px;}.list-head a.btn{text-decoration:none;}.list ul{margin:0;padding:0;list-style:none;}.list li{display:flex;flex-wrap:wrap;align-items:center;gap:4px 12px;padding:8px 0;border-top:1px solid var(--divider-color,#e0e0e0);}.list li>a{color:var(--primary-color,#03a9f4);font-weight:500;text-decoration:none;}.list li>a:hover{text-decoration:underline;}`];customElements.get("safe-power-plan")||customElements.define("safe-power-plan",Ye);var ri=["all","area","boxes"],ai={day:"report_date_day",month:"report_date_month",year:"report_date_year"},Lt,Qe=class extends A{constructor(){super(...arguments);this.language="en";this.running=!1;this.error=null;this.report=null}willUpdate(){if(this.form)return;let e=_e(this.hass),t=e.slice(0,10);this.form=Lt?.form??{kind:"month",date:t,start:`${ya(t,-7)}T00:00`,end:`${e.slice(0,13)}:00`,scope:"all",areaId:this.areas()[0]?.[0]??"",deviceIds:[],language:this.language},this.report=Lt?.report??null}areas(){let e=new Map;for(let t of this.fleet.boxes)t.area_id!==null&&e.set(t.area_id,t.area??t.area_id);return[...e].sort((t,r)=>t[1].localeCompare(r[1]))}set(e,t){this.form&&(this.form={...this.form,[e]:t},Lt={form:this.form,report:this.report})}toggleBox(e,t){let r=this.form?.deviceIds??[];this.set("deviceIds",t?[...r,e]:r.filter(i=>i!==e))}problem(e){return e.kind==="custom"&&!(e.start&&e.end&&e.end>e.start)?"report_bad_range":e.scope==="boxes"&&e.deviceIds.length===0?"report_pick_boxes":null}request(e){let t=new Set(this.fleet.boxes.map(r=>r.device_id));return{period:e.kind,date:e.date||_e(this.hass).slice(0,10),...e.kind==="custom"&&{start:er(this.hass,e.start),end:er(this.hass,e.end)},...e.scope==="area"&&{area_id:[e.areaId]},...e.scope==="boxes"&&{device_id:e.deviceIds.filter(r=>t.has(r))},language:e.language,save:!0}}async run(){let e=this.form;if(!(!e||this.running||this.problem(e)!==null)){this.running=!0,this.error=null,this.report=null;try{this.report=await da(this.hass,this.request(e)),Lt={form:e,report:this.report}}catch(t){this.error=R(t)}this.running=!1}}render(){let e=this.form;if(!e)return u;let t=this.language,r=this.problem(e);return p`
      <section class="card form">
        <div class="fields">
          ${this.select(o(t,"report_period"),ca.map(i=>[i,o(t,`report_${i}`)]),e.kind,i=>this.set("kind",i))}
          ${e.kind==="custom"?this.renderRange(e):this.renderDate(e,e.kind)}
          ${this.select(o(t,"report_scope"),ri.filter(i=>i!=="area"||this.areas().length>0).map(i=>[i,o(t,`scope_${i}`)]),e.scope,i=>this.set("scope",i))}
          ${e.scope==="area"?this.select(o(t,"area"),this.areas(),e.areaId,i=>this.set("areaId",i)):u}
          ${this.select(o(t,"report_language"),Object.keys(tr).map(i=>[i,tr[i]]),e.language,i=>this.set("language",i))}
        </div>
        ${e.scope==="boxes"?this.renderBoxes(e):u}
        <div class="actions">
          ${r?p`<span class="problem">${o(t,r)}</span>`:u}
          <button class="btn primary" ?disabled=${this.running||r!==null} @click=${this.run}>
            ${o(t,this.running?"making_report":"make_report")}
          </button>
        </div>
        ${this.running?p`<div class="progress" role="status">
                <div class="bar"><span></span></div>
                <span class="secondary">${o(t,"report_slow")}</span>
              </div>`:u}
      </section>
      ${this.error?p`<div class="banner" role="alert">${o(t,"report_error",{message:this.error})}</div>`:u}
      ${this.report&&!this.running?this.renderReport(this.report):u}
    `}select(e,t,r,i){return p`
      <label>
        <span class="secondary">${e}</span>
        <select @change=${n=>i(t[n.target.selectedIndex][0])}>
          ${t.map(([n,c])=>p`<option ?selected=${n===r}>${c}</option>`)}
        </select>
      </label>
    `}renderDate(e,t){return p`
      <label>
        <span class="secondary">${o(this.language,ai[t])}</span>
        <input
          type="date"
          required
          .value=${e.date}
          max=${_e(this.hass).slice(0,10)}
          @change=${r=>this.set("date",r.target.value)}
        />
      </label>
    `}renderRange(e){let t=r=>p`
      <label>
        <span class="secondary">${o(this.language,`report_${r}`)}</span>
        <input
          type="datetime-local"
          required
          .value=${e[r]}
          @change=${i=>this.set(r,i.target.value)}
        />
      </label>
    `;return p`${t("start")}${t("end")}`}renderBoxes(e){let t=[...this.fleet.boxes].sort((r,i)=>r.name.localeCompare(i.name));return p`
      <fieldset class="boxes">
        <legend class="secondary">${o(this.language,"scope_boxes")}</legend>
        ${t.map(r=>p`
            <label class="box">
              <input
                type="checkbox"
                .checked=${e.deviceIds.includes(r.device_id)}
                @change=${i=>this.toggleBox(r.device_id,i.target.checked)}
              />
              <span>${r.name}${r.area?p` <span class="secondary">· ${r.area}</span>`:u}</span>
            </label>
          `)}
      </fieldset>
    `}renderReport(e){let t=this.language,{summary:r,scope:i,files:n}=e;return p`
      <section class="result">
        <div class="result-head">
          <div>
            <h2>${o(t,"report_title",{label:e.period.label})}</h2>
            <div class="secondary">
              ${[o(t,"report_scope_count",{count:i.boxes}),...i.areas].join(" · ")}
            </div>
          </div>
          <div class="files">
            ${n?.html?p`<a class="btn primary" href=${n.html} target="_blank" rel="noopener"
                    >${xe}${o(t,"open_printable")}</a
                  >`:u}
            ${n?.csv?p`<a class="btn" href=${n.csv} download>${ft}${o(t,"download_csv")}</a>`:u}
          </div>
        </div>
        ${n?.html||n?.csv?u:p`<p class="secondary">${o(t,"report_no_files")}</p>`}
        ${r.has_data?p`<div class="tiles">
                  ${this.renderEnergy(e)} ${this.renderDemand(e)} ${this.renderQualification(e)}
                  ${this.renderAlarms(e)}
                </div>
                ${this.renderCauses(e)}`:p`<p class="empty card">${o(t,"report_no_data")}</p>`}
      </section>
    `}tile(e,t,r=u){return p`
      <div class="tile card ${e}">
        <div class="secondary">${o(this.language,e)}</div>
        <div class="figure ${t===null?"none":""}">${t??o(this.language,"no_data")}</div>
        ${r}
      </div>
    `}renderEnergy({summary:e}){let t=E(this.hass),r=c=>M(t,c,"kWh",c>=1e3?0:1),i=Me.map(c=>[c,e.by_period[c]]).filter(c=>c[1]!==void 0),n=i.reduce((c,[,l])=>c+l,0);return this.tile("fig_energy",e.energy===null?null:r(e.energy),n>0?p`
            <div class="split" aria-hidden="true">
              ${i.map(([c,l])=>p`<span class=${c} style="flex-grow: ${l/n}"></span>`)}
            </div>
            <ul class="legend">
              ${i.map(([c,l])=>p`<li>
                  <span class="swatch ${c}"></span>${o(this.language,`period_${c}`)}
                  <strong>${r(l)}</strong>
                  <span class="secondary">${P(t,l/n*100,0)}%</span>
                </li>`)}
            </ul>
          `:u)}renderDemand({summary:e}){let t=e.max_demand;return this.tile("fig_max_demand",t===null?null:M(E(this.hass),t.kw,"kW"),t===null?u:p`<div class="secondary">${o(this.language,"demand_at",{time:_a(this.hass,t.at)})}</div>`)}renderQualification({summary:e}){let t=e.qualification_mean;return this.tile("fig_qualification",t===null?null:`${P(E(this.hass),t,2)}%`)}renderAlarms({summary:e,alarms:t}){let r=this.language,i=e.worst_box,n=[...t.open?[o(r,"alarms_open",{count:t.open})]:[],...t.unacknowledged?[o(r,"alarms_unacknowledged",{count:t.unacknowledged})]:[]];return this.tile("fig_alarms",String(e.alarms),p`
        ${n.length?p`<div class=${t.open?"open":"secondary"}>${n.join(" · ")}</div>`:u}
        ${i&&i.alarms>0?p`<div class="secondary">${o(r,"worst_box",{box:i.name,count:i.alarms})}</div>`:u}
        ${e.covered_alarms?p`<div class="secondary small">${o(r,"alarms_covered",{count:e.covered_alarms})}</div>`:u}
      `)}renderCauses({alarms:e}){let t=this.language,r=Math.max(1,...e.by_cause.map(i=>i.count));return p`
      <section class="card causes">
        <h3>${o(t,"by_cause")}</h3>
        ${e.by_cause.length===0?p`<p class="secondary">${o(t,"no_report_alarms")}</p>`:p`<ul>
                ${e.by_cause.map(i=>p`<li>
                    <span class="name">${B(t,i.key)}</span>
                    <span class="bar"><span style="width: ${i.count/r*100}%"></span></span>
                    <strong>${i.count}</strong>
                  </li>`)}
              </ul>`}
      </section>
    `}};Qe.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},form:{state:!0},running:{state:!0},error:{state:!0},report:{state:!0}},Qe.styles=[S,Et,x`:host{display:flex;flex-direction:column;gap:16px;}.form{padding:16px;}.fields{display:flex;flex-wrap:wrap;gap:12px 16px;align-items:flex-end;}.fields label{display:flex;flex-direction:column;gap:2px;font-size:0.8rem;}.fields select,.fields input{font-size:0.95rem;min-width:150px;}.boxes{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:2px 16px;max-height:240px;overflow-y:auto;margin:16px 0 0;padding:8px 12px;border:1px solid var(--divider-color,#e0e0e0);border-radius:8px;}.boxes legend{padding:0 4px;font-size:0.8rem;}.box{display:flex;align-items:center;gap:8px;min-height:36px;}.box input{min-height:0;width:18px;height:18px;margin:0;accent-color:var(--primary-color,#03a9f4);}.actions{display:flex;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:8px 16px;margin-top:16px;}.problem{color:var(--sp-alarm);font-weight:500;}.progress{display:flex;flex-direction:column;gap:6px;margin-top:12px;}.progress .bar{position:relative;height:4px;overflow:hidden;border-radius:2px;background:color-mix(in srgb,var(--primary-color,#03a9f4) 20%,transparent);}.progress .bar span{position:absolute;inset:0 auto 0 0;width:35%;background:var(--primary-color,#03a9f4);animation:slide 1.4s ease-in-out infinite;}@keyframes slide{from{left:-35%;}to{left:100%;}}@media (prefers-reduced-motion:reduce){.progress .bar span{animation:none;width:100%;opacity:0.6;}}.result{display:flex;flex-direction:column;gap:12px;}.result-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:12px;}h2{margin:0;font-size:1.25rem;font-weight:500;}h3{margin:0 0 12px;font-size:1.05rem;font-weight:500;}.files{display:flex;flex-wrap:wrap;gap:8px;}.files a{text-decoration:none;}.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px;}.tile{display:flex;flex-direction:column;gap:4px;padding:14px 16px;}.figure{font-size:1.75rem;font-weight:500;line-height:1.25;}.figure.none{font-size:1.1rem;color:var(--secondary-text-color,#727272);}.small{font-size:0.85rem;}.open{color:var(--sp-alarm);font-weight:500;}.split{display:flex;height:10px;margin:6px 0 2px;overflow:hidden;border-radius:5px;}.split span{flex-basis:0;min-width:2px;}.legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:4px 0 0;padding:0;list-style:none;font-size:0.875rem;}.legend li{display:flex;align-items:center;gap:5px;}.swatch{width:10px;height:10px;border-radius:2px;}.causes{padding:16px;}.causes p{margin:0;}.causes ul{display:flex;flex-direction:column;gap:8px;margin:0;padding:0;list-style:none;}.causes li{display:grid;grid-template-columns:minmax(120px,220px) 1fr 3ch;align-items:center;gap:12px;}.causes .bar{height:10px;border-radius:5px;background:color-mix(in srgb,var(--primary-text-color,#212121) 7%,transparent);}.causes .bar span{display:block;height:100%;min-width:4px;border-radius:5px;background:var(--sp-alarm);}.causes strong{text-align:right;}@media (max-width:600px){.fields label{flex:1 1 40%;}.fields select,.fields input{min-width:0;width:100%;}.actions .btn{flex:1;}.files .btn{flex:1;}.tiles{grid-template-columns:repeat(2,minmax(0,1fr));}.tile.fig_energy,.tile.fig_alarms{grid-column:1 / -1;}.figure{font-size:1.5rem;}.causes li{grid-template-columns:1fr 3ch;gap:2px 12px;}.causes .name{grid-column:1 / -1;}}`];customElements.get("safe-power-reports")||customElements.define("safe-power-reports",Qe);var{I:Ao}=jr;var ts=s=>s.strings===void 0;var si={},rs=(s,a=si)=>s._$AH=a;var yr=Mt(class extends we{constructor(s){if(super(s),s.type!==pe.PROPERTY&&s.type!==pe.ATTRIBUTE&&s.type!==pe.BOOLEAN_ATTRIBUTE)throw Error("The `live` directive is not allowed on child or event bindings");if(!ts(s))throw Error("`live` bindings can only contain a single expression")}render(s){return s}update(s,[a]){if(a===N||a===u)return a;let e=s.element,t=s.name;if(s.type===pe.PROPERTY){if(a===e[t])return N}else if(s.type===pe.BOOLEAN_ATTRIBUTE){if(!!a===e.hasAttribute(t))return N}else if(s.type===pe.ATTRIBUTE&&e.getAttribute(t)===a+"")return N;return rs(s),a}});var ii="https://github.com/safe-power/safe-power/blob/main/docs/panel.md#units-二级单位";function wr(s){let a=Object.entries(s.user_areas).map(([e,t])=>[e,[...new Set(t)].sort()]).filter(([,e])=>e.length>0).sort(([e],[t])=>e<t?-1:e>t?1:0);return{power_users:[...new Set(s.power_users)].sort(),user_areas:Object.fromEntries(a),tariff:s.tariff?s.tariff.map(({start:e,period:t})=>({start:e,period:t})):null,state_updates:s.state_updates,heartbeat_minutes:s.heartbeat_minutes}}var as=s=>Number.isInteger(s)&&s>=dt[0]&&s<=dt[1],ni=[[s=>o(s,"band_voltage"),"1 V"],[s=>o(s,"fig_current"),"0.1 A","2 %"],[s=>O(s,"leakage_current"),"1 mA"],[s=>o(s,"chart_temperature"),"0.5 °C"],[s=>o(s,"fig_power"),"20 W","2 %"],[s=>O(s,"power_factor"),"0.01"],[s=>O(s,"frequency"),"0.05 Hz"],[s=>O(s,"energy"),"1 kWh"],[s=>O(s,"voltage_unbalance"),"0.5 %"],[s=>O(s,"current_unbalance"),"1 %"],[s=>O(s,"voltage_qualification_rate"),"0.1 %"]],Nt=1440;function Ar(s){let a=/^(\d{1,2}):(\d{2})$/.exec(s);if(!a)return NaN;let e=Number(a[1])*60+Number(a[2]);return Number(a[2])<60&&e<Nt?e:NaN}var $r=s=>`${String(Math.floor(s/60)).padStart(2,"0")}:${String(s%60).padStart(2,"0")}`;function ss(s){if(!s.length)return["tariff_empty",{}];let a=-1;for(let[e,t]of s.entries()){let r=Ar(t.start);if(Number.isNaN(r))return["tariff_bad_time",{row:String(e+1)}];if(e===0&&r!==0)return["tariff_first",{row:"1",start:t.start}];if(e>0&&r<=a)return["tariff_order",{row:String(e+1),start:t.start,previous:s[e-1].start}];a=r}return null}var Xe=class extends A{constructor(){super(...arguments);this.language="en";this.compact=!1;this.users=[];this.areas=[];this.loadError=null;this.saving=!1;this.saveError=null;this.justSaved=!1;this.picking=null;this.areaFilter="";this.started=!1}connectedCallback(){super.connectedCallback(),!this.started&&this.hass&&this.load()}willUpdate(){!this.started&&this.hass&&this.load()}async load(){this.started=!0,this.loadError=null;try{let[e,t,r]=await Promise.all([sa(this.hass),na(this.hass),oa(this.hass)]);this.users=t;let i=this.collator();this.areas=[...r].sort((n,c)=>i.compare(n.name,c.name)),this.saved=wr(e),this.draft=this.saved}catch(e){this.loadError=R(e)}}collator(){try{return new Intl.Collator(E(this.hass),{numeric:!0,sensitivity:"base"})}catch{return new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"})}}choosable(){let e=this.collator();return this.users.filter(t=>!t.system_generated&&!t.is_owner&&!t.group_ids.includes(ra)).sort((t,r)=>e.compare(t.name,r.name))}payload(e){let t=new Set(this.users.map(i=>i.id)),r=new Set(this.areas.map(i=>i.area_id));return wr({power_users:e.power_users.filter(i=>t.has(i)),user_areas:Object.fromEntries(Object.entries(e.user_areas).filter(([i])=>t.has(i)).map(([i,n])=>[i,n.filter(c=>r.has(c))])),tariff:e.tariff,state_updates:e.state_updates,heartbeat_minutes:as(e.heartbeat_minutes)?e.heartbeat_minutes:this.saved?.heartbeat_minutes??Jt})}heartbeatProblem(e){return e.state_updates==="significant"&&!as(e.heartbeat_minutes)}stale(e){let t=new Set(this.users.map(n=>n.id)),r=new Set(this.areas.map(n=>n.area_id)),i=[...e.power_users,...Object.keys(e.user_areas)];return[...new Set([...i.filter(n=>!t.has(n)),...Object.values(e.user_areas).flat().filter(n=>!r.has(n))])]}get dirty(){return!this.draft||!this.saved?!1:JSON.stringify(this.payload(this.draft))!==JSON.stringify(this.payload(this.saved))}edit(e){this.draft=e,this.justSaved=!1,this.saveError=null}setPower(e,t){if(!this.draft)return;let r=this.draft.power_users.filter(i=>i!==e);this.edit({...this.draft,power_users:t?[...r,e]:r})}setAreas(e,t){if(!this.draft)return;let r={...this.draft.user_areas};t.length?r[e]=t:delete r[e],this.edit({...this.draft,user_areas:r})}toggleArea(e,t,r){let i=this.draft?.user_areas[e]??[];this.setAreas(e,r?[...i.filter(n=>n!==t),t]:i.filter(n=>n!==t))}rows(){return this.draft?.tariff??ea}setTariff(e){this.draft&&this.edit({...this.draft,tariff:e})}editRow(e,t){this.setTariff(this.rows().map((r,i)=>i===e?{...r,...t}:{...r}))}addRow(){let e=this.rows().map(i=>({...i})),t=Ar(e[e.length-1]?.start??""),r=Number.isNaN(t)?0:Math.min(Nt-1,t+60);e.push({start:$r(e.length?r:0),period:"flat"}),this.setTariff(e)}removeRow(e){this.setTariff(this.rows().filter((t,r)=>r!==e).map(t=>({...t})))}async save(){if(!(!this.draft||this.saving)&&!(this.draft.tariff&&ss(this.draft.tariff))&&!this.heartbeatProblem(this.draft)){this.saving=!0,this.saveError=null;try{let e=await ia(this.hass,this.payload(this.draft));this.saved=wr(e),this.draft=this.saved,this.justSaved=!0,this.picking=null}catch(e){this.saveError=await fe(this.hass,e)}this.saving=!1}}discard(){this.saved&&(this.edit(this.saved),this.picking=null)}render(){let e=this.language;if(!this.hass.user?.is_admin)return p`<p class="empty card">${o(e,"settings_admin_only")}</p>`;let t=this.renderNotice();if(this.loadError!==null)return p`${t}
        <div class="banner" role="alert">
          <span>${o(e,"settings_load_error",{message:this.loadError})}</span>
          <button class="btn" @click=${()=>{this.load()}}>${o(e,"retry")}</button>
        </div>`;let r=this.draft;if(!r||!this.saved)return p`${t}<p class="empty" role="status">${o(e,"loading")}</p>`;let i=this.choosable(),n=this.stale(this.saved),c=this.dirty,l=r.tariff?ss(r.tariff):null,d=this.heartbeatProblem(r),h=(c||n.length>0)&&!this.saving&&!l&&!d,m=c||d;return p`
      ${t}
      <section class="card users">
        <h2>${o(e,"users_heading")}</h2>
        <p class="secondary hint">${o(e,"users_hint")}</p>
        ${i.length===0?p`<p class="empty">${o(e,"no_users")}</p>`:p`<div class="table" role="table" aria-label=${o(e,"users_heading")}>
                <div class="row header" role="row">
                  <span role="columnheader">${o(e,"col_user")}</span>
                  <span role="columnheader">${o(e,"col_can_power")}</span>
                  <span role="columnheader">${o(e,"col_areas")}</span>
                </div>
                ${i.map(g=>this.renderUser(g,r))}
              </div>`}
        ${n.length?p`<p class="stale secondary">${o(e,"settings_stale",{names:ve(e,n)})}</p>`:u}
      </section>
      ${this.renderTariff(r,l)}
      ${this.renderStateUpdates(r,d)}
      <div class="bar ${m?"dirty":""}">
        <span class="status" role="status">
          ${this.saveError!==null?p`<span class="error">${o(e,"save_error",{message:this.saveError})}</span>`:l?p`<span class="error">${o(e,"tariff_invalid")}</span>`:d?p`<span class="error">${o(e,"heartbeat_invalid")}</span>`:this.justSaved&&!c?p`<span class="ok">${oe}${o(e,"saved")}</span>`:c?o(e,"unsaved"):u}
        </span>
        <button class="btn" ?disabled=${!m||this.saving} @click=${this.discard}>${o(e,"discard")}</button>
        <button class="btn primary" ?disabled=${!h} @click=${()=>{this.save()}}>
          ${o(e,this.saving?"saving":"save")}
        </button>
      </div>
    `}renderTariff(e,t){let r=this.language,i=this.rows(),n=e.tariff!==null,c=i.map(d=>Ar(d.start)),l=[];if(!t&&i.length){let d=i.map((h,m)=>[c[m],h.period]).sort((h,m)=>h[0]-m[0]);d[0][0]>0&&l.push([d[d.length-1][1],0,d[0][0]]),d.forEach(([h,m],g)=>{let f=g+1<d.length?d[g+1][0]:Nt;f>h&&l.push([m,h,f])})}return p`<section class="card tariff">
      <h2>${o(r,"tariff_heading")}</h2>
      <p class="secondary hint">${o(r,"tariff_hint")}</p>
      <p class="tariff-state">
        <span class="tag ${n?"own":""}">${o(r,n?"tariff_custom":"tariff_default_used")}</span>
      </p>
      <div class="day" role="img" aria-label=${o(r,"tariff_bar")}>
        <div class="segments">
          ${l.map(([d,h,m])=>p`<span
              class=${d}
              style="flex-grow: ${m-h}"
              title="${$r(h)}–${$r(m===Nt?0:m)} ${o(r,`period_${d}`)}"
            ></span>`)}
        </div>
        <div class="hours" aria-hidden="true">
          ${[0,6,12,18,24].map(d=>p`<span style="left: ${d/24*100}%">${d}</span>`)}
        </div>
      </div>
      <ul class="legend" aria-hidden="true">
        ${Me.map(d=>p`<li><span class="swatch ${d}"></span>${o(r,`period_${d}`)}</li>`)}
      </ul>
      <div class="changes" role="table" aria-label=${o(r,"tariff_heading")}>
        <div class="change header" role="row">
          <span role="columnheader">${o(r,"tariff_start")}</span>
          <span role="columnheader">${o(r,"tariff_period")}</span>
          <span></span>
        </div>
        ${i.map((d,h)=>p`<div class="change" role="row">
            <span role="cell">
              <input
                type="time"
                step="60"
                required
                .value=${d.start}
                aria-label=${o(r,"tariff_start_of",{row:h+1})}
                aria-invalid=${t!==null&&t[1].row===String(h+1)}
                @change=${m=>this.editRow(h,{start:m.target.value})}
              />
            </span>
            <span role="cell" class="period">
              <span class="swatch ${d.period}"></span>
              <select
                aria-label=${o(r,"tariff_period_of",{row:h+1})}
                @change=${m=>this.editRow(h,{period:m.target.value})}
              >
                ${Me.map(m=>p`<option value=${m} ?selected=${m===d.period}>${o(r,`period_${m}`)}</option>`)}
              </select>
            </span>
            <span role="cell">
              <button
                class="btn small"
                aria-label=${o(r,"tariff_remove",{start:d.start||"?"})}
                ?disabled=${i.length<=1}
                @click=${()=>this.removeRow(h)}
              >
                ×
              </button>
            </span>
          </div>`)}
      </div>
      ${t?p`<p class="error problem" role="alert">${o(r,t[0],t[1])}</p>`:u}
      <div class="tariff-actions">
        <button class="btn small" ?disabled=${i.length>=48} @click=${this.addRow}>${o(r,"tariff_add")}</button>
        <button class="btn small" ?disabled=${!n} @click=${()=>this.setTariff(null)}>
          ${o(r,"tariff_use_default")}
        </button>
      </div>
    </section>`}setStateUpdates(e){this.draft&&this.edit({...this.draft,state_updates:e})}setHeartbeat(e){this.draft&&this.edit({...this.draft,heartbeat_minutes:e.trim()===""?NaN:Number(e)})}renderStateUpdates(e,t){let r=this.language,i=e.state_updates==="significant",n=e.heartbeat_minutes,[c,l]=dt;return p`<section class="card updates">
      <h2 id="updates-heading">${o(r,"updates_heading")}</h2>
      <p class="secondary hint">${o(r,"updates_hint")}</p>
      <div class="choices" role="radiogroup" aria-labelledby="updates-heading">
        ${ta.map(d=>p`<label class="check">
            <input
              type="radio"
              name="state_updates"
              .value=${d}
              .checked=${yr(e.state_updates===d)}
              aria-describedby=${d==="significant"?"significant-hint":u}
              @change=${()=>this.setStateUpdates(d)}
            />
            <span class="choice-name">${o(r,`updates_${d}`)}</span>
          </label>`)}
        <p class="secondary choice-hint" id="significant-hint">${o(r,"updates_significant_hint")}</p>
      </div>
      <div class="significant ${i?"":"off"}">
        <div class="heartbeat">
          <label for="heartbeat">${o(r,"heartbeat")}</label>
          <input
            id="heartbeat"
            type="number"
            inputmode="numeric"
            min=${c}
            max=${l}
            step="1"
            required
            .value=${yr(Number.isNaN(n)?"":String(n))}
            ?disabled=${!i}
            aria-invalid=${t}
            aria-describedby="heartbeat-unit"
            @input=${d=>this.setHeartbeat(d.target.value)}
          />
          <span class="secondary" id="heartbeat-unit">${o(r,"heartbeat_unit",{low:c,high:l})}</span>
        </div>
        ${t?p`<p class="error problem" role="alert">${o(r,"heartbeat_problem",{low:c,high:l})}</p>`:u}
        <p class="bands-title">${o(r,"bands_heading")}</p>
        <dl class="bands">
          ${ni.map(([d,h,m])=>p`<div>
              <dt>${d(r)}</dt>
              <dd>${m?o(r,"band_or_share",{step:h,share:m}):h}</dd>
            </div>`)}
        </dl>
        <p class="secondary bands-note">${o(r,"bands_note")}</p>
      </div>
      <p class="never">${ar}<span>${o(r,"updates_never")}</span></p>
    </section>`}renderNotice(){let e=this.language;return p`<section class="card notice" role="note">
      ${ar}
      <div>
        <h2>${o(e,"settings_notice_title")}</h2>
        <p>${o(e,"settings_notice")}</p>
        <p>
          ${o(e,"settings_units")}
          <a href=${ii} target="_blank" rel="noopener">${o(e,"settings_units_link")}</a>
        </p>
      </div>
    </section>`}renderUser(e,t){let r=this.language,i=new Set(t.user_areas[e.id]??[]),n=this.areas.filter(l=>i.has(l.area_id)),c=this.picking===e.id;return p`
      <div class="row" role="row">
        <span class="user" role="cell">
          <span class="name">${e.name}</span>
          ${e.username?p`<span class="secondary username">${e.username}</span>`:u}
          ${e.is_active?u:p`<span class="tag">${o(r,"user_inactive")}</span>`}
        </span>
        <span role="cell">
          <label class="check">
            <input
              type="checkbox"
              .checked=${t.power_users.includes(e.id)}
              @change=${l=>this.setPower(e.id,l.target.checked)}
            />
            <span>${o(r,this.compact?"col_can_power":"can_power")}</span>
          </label>
        </span>
        <span class="areas" role="cell">
          ${n.length?n.map(l=>p`<span class="area-chip"
                    >${l.name}<button
                      class="remove"
                      aria-label=${o(r,"remove_area",{area:l.name})}
                      @click=${()=>this.toggleArea(e.id,l.area_id,!1)}
                    >
                      ×
                    </button></span
                  >`):p`<span class="secondary all">${o(r,"all_areas")}</span>`}
          <button
            class="btn small"
            aria-expanded=${c}
            ?disabled=${this.areas.length===0}
            @click=${()=>{this.picking=c?null:e.id,this.areaFilter=""}}
          >
            ${o(r,c?"done":"choose_areas")}
          </button>
        </span>
      </div>
      ${c?this.renderPicker(e,i):u}
    `}renderPicker(e,t){let r=this.language,i=this.areaFilter.trim().toLocaleLowerCase(),n=this.areas.filter(c=>!i||c.name.toLocaleLowerCase().includes(i));return p`<div class="picker" role="group" aria-label=${o(r,"choose_areas_for",{user:e.name})}>
      <div class="picker-head">
        <label class="search">
          ${gt}
          <input
            type="search"
            .value=${this.areaFilter}
            placeholder=${o(r,"filter_areas")}
            aria-label=${o(r,"filter_areas")}
            @input=${c=>this.areaFilter=c.target.value}
          />
        </label>
        <button class="btn small" ?disabled=${t.size===0} @click=${()=>this.setAreas(e.id,[])}>
          ${o(r,"clear_areas")}
        </button>
      </div>
      <p class="secondary hint">
        ${t.size===0?o(r,"areas_none_chosen"):t.size===1?o(r,"areas_chosen_one"):o(r,"areas_chosen",{count:t.size})}
      </p>
      ${n.length?p`<div class="area-grid">
              ${n.map(c=>p`<label class="check">
                  <input
                    type="checkbox"
                    .checked=${t.has(c.area_id)}
                    @change=${l=>this.toggleArea(e.id,c.area_id,l.target.checked)}
                  />
                  <span>${c.name}</span>
                </label>`)}
            </div>`:p`<p class="secondary">${o(r,"no_area_match")}</p>`}
    </div>`}};Xe.properties={hass:{attribute:!1},language:{attribute:!1},compact:{type:Boolean,reflect:!0},saved:{state:!0},draft:{state:!0},users:{state:!0},areas:{state:!0},loadError:{state:!0},saving:{state:!0},saveError:{state:!0},justSaved:{state:!0},picking:{state:!0},areaFilter:{state:!0}},Xe.styles=[S,St,Et,x`.day{margin:8px 0 4px;max-width:640px;}.segments{display:flex;height:14px;border-radius:4px;background:var(--divider-color,#e0e0e0);overflow:hidden;}.hours{position:relative;height:16px;font-size:0.75rem;color:var(--secondary-text-color,#727272);}.hours span{position:absolute;top:2px;transform:translateX(-50%);}.hours span:first-child{transform:none;}.hours span:last-child{transform:translateX(-100%);}.legend{display:flex;flex-wrap:wrap;gap:2px 14px;margin:4px 0 8px;padding:0;list-style:none;font-size:0.85rem;}.legend li,.period{display:inline-flex;align-items:center;gap:6px;}.swatch{display:inline-block;flex:none;width:10px;height:10px;border-radius:2px;}.tariff-state{margin:4px 0;}.tag.own{color:var(--primary-color,#03a9f4);border-color:var(--primary-color,#03a9f4);}.changes{display:flex;flex-direction:column;max-width:420px;}.change{display:grid;grid-template-columns:130px 1fr 44px;align-items:center;gap:8px;padding:4px 0;}.change.header{font-size:0.85rem;color:var(--secondary-text-color,#727272);}.change input,.change select{min-height:36px;box-sizing:border-box;padding:0 8px;border:1px solid var(--divider-color,#e0e0e0);border-radius:6px;background:var(--card-background-color,#fff);color:var(--primary-text-color,#212121);font:inherit;}.change select{flex:1;min-width:0;}.change input[aria-invalid="true"]{border-color:var(--error-color,#db4437);}.problem{margin-top:8px;}.tariff-actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px;}.choices{display:flex;flex-direction:column;}.choice-name{font-weight:500;}.choice-hint{margin:-6px 0 0 26px;font-size:0.875rem;}.significant{margin:10px 0 0 26px;padding-left:12px;border-left:2px solid var(--divider-color,#e0e0e0);}.significant.off{opacity:0.6;}.heartbeat{display:flex;flex-wrap:wrap;align-items:center;gap:8px;}.heartbeat label{font-weight:500;}.heartbeat input{width:88px;min-height:36px;}.heartbeat input[aria-invalid="true"]{border-color:var(--error-color,#db4437);}.bands-title{margin-top:12px;font-size:0.85rem;font-weight:500;color:var(--secondary-text-color,#727272);}.bands{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:2px 16px;max-width:820px;margin:4px 0 0;font-size:0.875rem;}.bands div{display:flex;justify-content:space-between;gap:8px;padding:3px 0;border-bottom:1px solid var(--divider-color,#e0e0e0);}.bands dt{color:var(--secondary-text-color,#727272);}.bands dd{margin:0;white-space:nowrap;font-variant-numeric:tabular-nums;}.bands-note{margin-top:4px;font-size:0.8rem;}.never{display:flex;gap:8px;align-items:flex-start;margin-top:12px;font-size:0.9rem;}.never .icon{color:var(--primary-color,#03a9f4);}:host([compact]) .significant{margin-left:8px;padding-left:10px;}:host([compact]) .bands{grid-template-columns:1fr 1fr;column-gap:12px;font-size:0.8rem;}:host{display:flex;flex-direction:column;gap:12px;}section{padding:16px;}h2{margin:0 0 4px;font-size:1.1rem;font-weight:500;}p{margin:0;}.notice{display:flex;gap:12px;align-items:flex-start;border-left:6px solid var(--warning-color,#ffa600);background:color-mix(in srgb,var(--warning-color,#ffa600) 9%,var(--card-background-color,#fff));}.notice>.icon{width:24px;height:24px;color:var(--warning-color,#ffa600);margin-top:2px;}.notice p + p{margin-top:8px;}.notice a{color:var(--primary-color,#03a9f4);}.hint{font-size:0.9rem;margin-bottom:8px;}.table{display:flex;flex-direction:column;}.row{display:grid;grid-template-columns:minmax(160px,1fr) minmax(150px,0.8fr) minmax(240px,2fr);align-items:center;gap:8px 16px;padding:10px 0;border-top:1px solid var(--divider-color,#e0e0e0);}.row.header{border-top:none;padding:4px 0;font-size:0.85rem;font-weight:500;color:var(--secondary-text-color,#727272);}.user{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 8px;}.name{font-weight:500;}.username{font-size:0.85rem;}.tag{padding:0 6px;border-radius:8px;font-size:0.75rem;background:color-mix(in srgb,var(--primary-text-color,#212121) 10%,transparent);}.check{display:inline-flex;align-items:center;gap:8px;min-height:36px;cursor:pointer;}.check input{min-height:0;width:18px;height:18px;margin:0;accent-color:var(--primary-color,#03a9f4);}.areas{display:flex;flex-wrap:wrap;align-items:center;gap:6px;}.area-chip{display:inline-flex;align-items:center;gap:2px;padding:0 2px 0 10px;border-radius:14px;border:1px solid var(--divider-color,#e0e0e0);background:color-mix(in srgb,var(--primary-color,#03a9f4) 10%,transparent);font-size:0.875rem;line-height:26px;}.remove{width:24px;height:24px;border:none;border-radius:50%;background:transparent;color:var(--secondary-text-color,#727272);font-size:1.1rem;line-height:1;}.remove:hover{background:color-mix(in srgb,var(--primary-text-color,#212121) 10%,transparent);}.all{font-style:italic;}.btn.small{min-height:32px;padding:0 12px;font-size:0.875rem;}.areas .btn.small{margin-left:auto;}.picker{margin:0 0 10px;padding:12px;border-radius:8px;background:color-mix(in srgb,var(--primary-text-color,#212121) 4%,transparent);}.picker-head{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:8px;}.search{flex:1 1 220px;padding-left:10px;}.area-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:0 12px;max-height:320px;overflow-y:auto;}.stale{margin-top:12px;font-size:0.875rem;}.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:flex-end;gap:8px;padding:10px 16px;border-radius:var(--sp-radius);border:1px solid var(--divider-color,#e0e0e0);background:var(--card-background-color,#fff);}.bar.dirty{position:sticky;bottom:8px;border-color:var(--primary-color,#03a9f4);box-shadow:0 -2px 8px rgba(0,0,0,0.08);}.status{flex:1;min-width:0;font-weight:500;}.ok{display:inline-flex;align-items:center;gap:6px;color:var(--sp-normal);}:host([compact]) .row{grid-template-columns:1fr;gap:4px;}:host([compact]) .row.header{display:none;}:host([compact]) .areas .btn.small{margin-left:0;}:host([compact]) .bar{padding:8px 12px;}:host([compact]) .status{flex-basis:100%;}:host([compact]) .bar .btn{flex:1;}`];customElements.get("safe-power-settings")||customElements.define("safe-power-settings",Xe);var oi="(max-width: 600px)",Je=class extends A{constructor(){super(...arguments);this.narrow=!1;this.feed=new me;this.fleetError=null;this.feedError=null;this.started=!1;this.open=new ee(this);this.phoneQuery=window.matchMedia(oi);this.phone=this.phoneQuery.matches;this.onPhoneChange=e=>{this.phone=e.matches}}connectedCallback(){super.connectedCallback(),this.phoneQuery.addEventListener("change",this.onPhoneChange),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.phoneQuery.removeEventListener("change",this.onPhoneChange),this.feed.stop(),this.started=!1}shouldUpdate(e){let t=e.get("hass"),{hass:r,fleet:i}=this;return e.size!==1||!t||!r||!i?!0:t.dockedSidebar!==r.dockedSidebar||xt(t,r,i.boxes)}willUpdate(){this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(t=>{this.feedError=R(t)}),this.open.load(e,{states:[...Q],limit:1e4}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await ge(e)}catch(t){this.fleetError=R(t)}}updated(){let e=this.renderRoot.querySelector("nav"),t=e?.querySelector('a[aria-selected="true"]'),r=`${t?.getAttribute("href")}|${t?.textContent}|${e?.scrollWidth}`;if(!e||!t||r===this.shownTab)return;this.shownTab=r;let i=e.getBoundingClientRect(),n=t.getBoundingClientRect();n.right>i.right?e.scrollLeft+=n.right-i.right:n.left<i.left&&(e.scrollLeft-=i.left-n.left)}view(){let[,e,t]=(this.route?.path??"").split("/");return e==="alarms"||e==="plan"||e==="reports"||e==="settings"?{tab:e}:e==="box"&&t?{tab:"box",deviceId:decodeURIComponent(t)}:{tab:"overview"}}get basePath(){return this.route?.prefix??""}toggleMenu(){this.dispatchEvent(new CustomEvent("hass-toggle-menu",{bubbles:!0,composed:!0}))}render(){let e=this.hass;if(!e)return u;let t=pt(e),r=this.view(),i=r.tab==="box"?this.fleet?.boxes.find(d=>d.device_id===r.deviceId):void 0,n=this.open.alarms.filter(d=>d.state==="active").length,c=this.narrow||e.dockedSidebar==="always_hidden",l=(d,h,m,g=0)=>p`
      <a role="tab" aria-selected=${m} href=${d} @click=${C(d)}
        >${h}${g?p`<span class="badge">${g}</span>`:u}</a
      >
    `;return p`
      <header>
        <div class="toolbar">
          ${r.tab==="box"?p`<button
                  class="icon-button"
                  aria-label=${o(t,"back")}
                  @click=${()=>hr(this.basePath)}
                >
                  ${ka}
                </button>`:c?p`<button class="icon-button" aria-label=${o(t,"menu")} @click=${this.toggleMenu}>
                    ${Aa}
                  </button>`:u}
          <h1>${o(t,"title")}</h1>
        </div>
        <nav role="tablist">
          ${l(this.basePath||"/",o(t,"tab_overview"),r.tab==="overview")}
          ${l(`${this.basePath}/alarms`,o(t,"tab_alarms"),r.tab==="alarms",n)}
          ${l(`${this.basePath}/plan`,o(t,"tab_plan"),r.tab==="plan")}
          ${l(`${this.basePath}/reports`,o(t,"tab_reports"),r.tab==="reports")}
          ${e.user?.is_admin||r.tab==="settings"?l(`${this.basePath}/settings`,o(t,"tab_settings"),r.tab==="settings"):u}
          ${r.tab==="box"?l(location.pathname,i?.name??r.deviceId,!0):u}
        </nav>
      </header>
      <main>
        ${this.feedError?p`<div class="banner" role="alert">${o(t,"feed_error",{message:this.feedError})}</div>`:u}
        ${this.open.error?p`<div class="banner" role="alert">${this.open.error}</div>`:u}
        ${this.renderView(e,t,r)}
      </main>
    `}renderView(e,t,r){let{fleet:i,basePath:n}=this,c=this.narrow||this.phone;if(r.tab==="settings")return p`<safe-power-settings .hass=${e} .language=${t} ?compact=${c}></safe-power-settings>`;if(this.fleetError!==null)return p`<div class="banner" role="alert">
        <span>${o(t,"fleet_error",{message:this.fleetError})}</span>
        <button class="btn" @click=${()=>this.loadFleet(e)}>${o(t,"retry")}</button>
      </div>`;if(!i)return p`<p class="empty" role="status">${o(t,"loading")}</p>`;if(r.tab==="alarms")return p`<safe-power-alarms
        .hass=${e}
        .language=${t}
        .fleet=${i}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${c}
      ></safe-power-alarms>`;if(r.tab==="reports")return p`<safe-power-reports .hass=${e} .language=${t} .fleet=${i}></safe-power-reports>`;let l=La(this.open.alarms);if(r.tab==="plan")return p`<safe-power-plan
        .hass=${e}
        .language=${t}
        .fleet=${i}
        .open=${l}
        .basePath=${n}
      ></safe-power-plan>`;if(r.tab==="box"){let d=i.boxes.find(h=>h.device_id===r.deviceId);return d?p`<safe-power-box
        .hass=${e}
        .language=${t}
        .fleet=${i}
        .box=${d}
        .open=${l.get(d.device_id)??[]}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${c}
      ></safe-power-box>`:p`<p class="empty card">${o(t,"box_gone")}</p>`}return p`<safe-power-overview
      .hass=${e}
      .language=${t}
      .fleet=${i}
      .open=${l}
      .basePath=${n}
    ></safe-power-overview>`}};Je.properties={hass:{attribute:!1},narrow:{type:Boolean,reflect:!0},route:{attribute:!1},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0},phone:{state:!0}},Je.styles=[S,x`:host{display:block;min-height:100vh;background:var(--primary-background-color,#fafafa);}header{position:sticky;top:0;z-index:2;background:var(--app-header-background-color,var(--primary-color,#03a9f4));color:var(--app-header-text-color,var(--text-primary-color,#fff));border-bottom:var(--app-header-border-bottom,none);}.toolbar{display:flex;align-items:center;gap:8px;height:var(--header-height,56px);padding:0 16px;}:host([narrow]) .toolbar{padding:0 4px;}h1{margin:0;font-size:1.25rem;font-weight:400;}.icon-button{display:inline-flex;align-items:center;justify-content:center;width:48px;height:48px;border:none;border-radius:50%;background:transparent;color:inherit;}.icon-button .icon{width:24px;height:24px;}.icon-button:focus-visible{outline:2px solid currentColor;}nav{display:flex;gap:4px;padding:0 8px;overflow-x:auto;scrollbar-width:none;}nav a{display:inline-flex;align-items:center;gap:6px;min-height:48px;padding:0 16px;color:inherit;opacity:0.8;text-decoration:none;font-weight:500;white-space:nowrap;border-bottom:2px solid transparent;}nav a[aria-selected="true"]{opacity:1;border-bottom-color:currentColor;}nav a:focus-visible{outline:2px solid currentColor;outline-offset:-2px;}.badge{min-width:20px;padding:0 6px;border-radius:10px;background:var(--sp-alarm);color:#fff;font-size:0.75rem;line-height:20px;text-align:center;}main{max-width:1440px;margin:0 auto;padding:16px;}main>.banner{margin-bottom:12px;}@media (max-width:600px){main{padding:12px 8px;}nav{gap:0;padding:0 4px;}nav a{padding:0 11px;}}`];customElements.get("safe-power-panel")||customElements.define("safe-power-panel",Je);var $e="/safe-power";function Ft(s,a,e){let t=ht(),r=window.customCards??=[];r.some(i=>i.type===s)||r.push({type:s,name:o(t,a),description:o(t,e),preview:!0})}var Ht=s=>(a,e)=>{let t=ht();throw new Error(o(t,"labelled",{label:o(t,s),value:o(t,a,e)}))};function Bt(s,a){return(typeof s!="object"||s===null||Array.isArray(s))&&a("card_bad_config"),s}var It=s=>JSON.stringify(s)??String(s),z=class extends A{constructor(){super(...arguments);this.feed=new me;this.fleetError=null;this.feedError=null;this.started=!1}setConfig(e){this.config=this.check(e)}get language(){return this.hass?pt(this.hass):ht()}connectedCallback(){super.connectedCallback(),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.feed.stop(),this.started=!1}shouldUpdate(e){let t=e.get("hass"),{hass:r,fleet:i}=this;return e.size!==1||!t||!r||!i?!0:xt(t,r,this.watched(i))}willUpdate(e){super.willUpdate(e),this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(t=>{this.feedError=R(t)}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await ge(e)}catch(t){this.fleetError=R(t)}}frame(e){let{hass:t,fleet:r,language:i}=this;return p`
      <ha-card>
        ${this.feedError?p`<div class="banner" role="alert">${o(i,"feed_error",{message:this.feedError})}</div>`:u}
        ${this.fleetError!==null?p`<div class="banner" role="alert">
                <span>${o(i,"fleet_error",{message:this.fleetError})}</span>
                <button class="btn" @click=${()=>t&&this.loadFleet(t)}>${o(i,"retry")}</button>
              </div>`:t&&r?e(t,r):p`<p class="empty" role="status">${o(i,"loading")}</p>`}
      </ha-card>
    `}};z.properties={hass:{attribute:!1},config:{state:!0},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0}},z.cardStyles=x`:host{display:block;}ha-card{display:flex;flex-direction:column;gap:12px;height:100%;padding:16px;background:var(--ha-card-background,var(--card-background-color,#fff));border-radius:var(--ha-card-border-radius,12px);border:var(--ha-card-border-width,1px) solid var(--ha-card-border-color,var(--divider-color,#e0e0e0));box-shadow:var(--ha-card-box-shadow,none);}.header{display:flex;align-items:center;gap:8px 12px;flex-wrap:wrap;}.header h2{flex:1;margin:0;font-size:var(--ha-card-header-font-size,1.25rem);font-weight:400;color:var(--ha-card-header-color,var(--primary-text-color,#212121));}.header a{color:inherit;text-decoration:none;}.header a:hover{text-decoration:underline;}.open-panel{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border-radius:50%;color:var(--secondary-text-color,#727272);}.open-panel:hover{background:color-mix(in srgb,var(--primary-text-color,#212121) 6%,transparent);}`;var li=["active","acknowledged","all"],kr=5,Ot=class extends z{static getStubConfig(){return{state:"active",limit:kr}}check(a){let e=Ht("card_alarms_name"),{state:t="active",limit:r=kr,area_id:i}=Bt(a,e);return li.some(n=>n===t)||e("card_bad_state",{value:It(t)}),(typeof r!="number"||!Number.isInteger(r)||r<1||r>100)&&e("card_bad_limit",{value:It(r)}),i!==void 0&&(typeof i!="string"||i==="")&&e("card_bad_area",{value:It(i)}),{state:t,limit:r,...i!==void 0&&{area_id:i}}}watched(a){return a.boxes}getCardSize(){return 1+3*Math.min(this.config?.limit??kr,3)}getGridOptions(){return{columns:12,min_columns:6}}willUpdate(a){super.willUpdate(a);let e=this.config;a.has("config")&&e&&(this.preset={state:e.state,areaId:e.area_id??"",limit:e.limit})}render(){let{config:a,preset:e}=this;return!a||!e?u:this.frame((t,r)=>this.renderList(t,r,a,e))}renderList(a,e,t,r){let i=this.language,n=t.area_id,c=n===void 0?null:e.boxes.find(d=>d.area_id===n)?.area??n,l=`${$e}/alarms`;return p`
      <div class="header">
        <h2>${o(i,"card_alarms_name")}</h2>
        <span class="secondary">
          ${[o(i,t.state==="all"?"all_states":`alarm_${t.state}`),c].filter(d=>d).join(" · ")}
        </span>
        <a class="open-panel" href=${l} @click=${C(l)} title=${o(i,"open_panel")} aria-label=${o(i,"open_panel")}
          >${xe}</a
        >
      </div>
      <safe-power-alarms
        .hass=${a}
        .language=${i}
        .fleet=${e}
        .feed=${this.feed}
        .preset=${r}
        .basePath=${$e}
        compact
      ></safe-power-alarms>
    `}};Ot.styles=[S,z.cardStyles];customElements.get("safe-power-alarms-card")||customElements.define("safe-power-alarms-card",Ot);Ft("safe-power-alarms-card","card_alarms_name","card_alarms_description");var ci={state:"open",areaId:"",limit:3},Dt=class extends z{constructor(){super(...arguments);this.open=new ee(this);this.loadedFor=""}static async getStubConfig(e){try{let r=[...(await ge(e)).boxes].sort((i,n)=>i.name.localeCompare(n.name))[0];return r?{device_id:r.device_id}:{}}catch{return{}}}check(e){let t=Ht("card_box_name"),{device_id:r}=Bt(e,t);return(typeof r!="string"||r==="")&&t("card_need_device"),{device_id:r}}watched(e){return e.boxes.filter(t=>t.device_id===this.config?.device_id)}getCardSize(){return 6}willUpdate(e){super.willUpdate(e);let t=this.config?.device_id;this.hass&&t!==void 0&&t!==this.loadedFor&&(this.loadedFor=t,this.open.load(this.hass,{device_ids:[t],states:[...Q],limit:1e4}))}render(){let e=this.config;return e?this.frame((t,r)=>{let i=r.boxes.find(n=>n.device_id===e.device_id);return i?this.renderBox(t,r,i):p`<p class="empty">${o(this.language,"card_no_box",{id:e.device_id})}</p>`}):u}renderBox(e,t,r){let i=this.language,n=`${$e}/box/${encodeURIComponent(r.device_id)}`,c=le(r.building,r.area,r.location),l=this.open.total;return p`
      <div class="header">
        <h2><a href=${n} @click=${C(n)}>${r.name}</a></h2>
        ${Z(i,J(e,r,this.open.alarms))}
      </div>
      ${c?p`<div class="secondary place">${c}</div>`:u}
      ${At(e,i,r)}
      ${r.entities.contactor!==void 0?p`<safe-power-contactor
              .hass=${e}
              .language=${i}
              .box=${r}
              .canPower=${t.can_power}
            ></safe-power-contactor>`:u}
      ${l?p`<h3>${o(i,"open_alarms",{count:l})}</h3>`:u}
      <safe-power-alarms
        .hass=${e}
        .language=${i}
        .fleet=${t}
        .feed=${this.feed}
        .deviceId=${r.device_id}
        .preset=${ci}
        .basePath=${$e}
        compact
      ></safe-power-alarms>
    `}};Dt.styles=[S,kt,z.cardStyles,x`.place{margin-top:-8px;font-size:0.875rem;}.figures{margin:0;}h3{margin:4px 0 -8px;font-size:0.95rem;font-weight:500;}`];customElements.get("safe-power-box-card")||customElements.define("safe-power-box-card",Dt);Ft("safe-power-box-card","card_box_name","card_box_description");
