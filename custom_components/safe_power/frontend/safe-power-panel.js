var se=globalThis,ne=se.ShadowRoot&&(se.ShadyCSS===void 0||se.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,_e=Symbol(),je=new WeakMap,K=class{constructor(t,e,r){if(this._$cssResult$=!0,r!==_e)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(ne&&t===void 0){let r=e!==void 0&&e.length===1;r&&(t=je.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),r&&je.set(e,t))}return t}toString(){return this.cssText}},qe=a=>new K(typeof a=="string"?a:a+"",void 0,_e),g=(a,...t)=>{let e=a.length===1?a[0]:t.reduce((r,o,s)=>r+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(o)+a[s+1],a[0]);return new K(e,a,_e)},We=(a,t)=>{if(ne)a.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let r=document.createElement("style"),o=se.litNonce;o!==void 0&&r.setAttribute("nonce",o),r.textContent=e.cssText,a.appendChild(r)}},be=ne?a=>a:a=>a instanceof CSSStyleSheet?(t=>{let e="";for(let r of t.cssRules)e+=r.cssText;return qe(e)})(a):a;var{is:Vt,defineProperty:jt,getOwnPropertyDescriptor:qt,getOwnPropertyNames:Wt,getOwnPropertySymbols:Qt,getPrototypeOf:Gt}=Object,ie=globalThis,Qe=ie.trustedTypes,Yt=Qe?Qe.emptyScript:"",Xt=ie.reactiveElementPolyfillSupport,V=(a,t)=>a,xe={toAttribute(a,t){switch(t){case Boolean:a=a?Yt:null;break;case Object:case Array:a=a==null?a:JSON.stringify(a)}return a},fromAttribute(a,t){let e=a;switch(t){case Boolean:e=a!==null;break;case Number:e=a===null?null:Number(a);break;case Object:case Array:try{e=JSON.parse(a)}catch{e=null}}return e}},Ye=(a,t)=>!Vt(a,t),Ge={attribute:!0,type:String,converter:xe,reflect:!1,useDefault:!1,hasChanged:Ye};Symbol.metadata??=Symbol("metadata"),ie.litPropertyMetadata??=new WeakMap;var A=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=Ge){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let r=Symbol(),o=this.getPropertyDescriptor(t,r,e);o!==void 0&&jt(this.prototype,t,o)}}static getPropertyDescriptor(t,e,r){let{get:o,set:s}=qt(this.prototype,t)??{get(){return this[e]},set(n){this[e]=n}};return{get:o,set(n){let d=o?.call(this);s?.call(this,n),this.requestUpdate(t,d,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??Ge}static _$Ei(){if(this.hasOwnProperty(V("elementProperties")))return;let t=Gt(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(V("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(V("properties"))){let e=this.properties,r=[...Wt(e),...Qt(e)];for(let o of r)this.createProperty(o,e[o])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[r,o]of e)this.elementProperties.set(r,o)}this._$Eh=new Map;for(let[e,r]of this.elementProperties){let o=this._$Eu(e,r);o!==void 0&&this._$Eh.set(o,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let r=new Set(t.flat(1/0).reverse());for(let o of r)e.unshift(be(o))}else t!==void 0&&e.push(be(t));return e}static _$Eu(t,e){let r=e.attribute;return r===!1?void 0:typeof r=="string"?r:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let r of e.keys())this.hasOwnProperty(r)&&(t.set(r,this[r]),delete this[r]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return We(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,r){this._$AK(t,r)}_$ET(t,e){let r=this.constructor.elementProperties.get(t),o=this.constructor._$Eu(t,r);if(o!==void 0&&r.reflect===!0){let s=(r.converter?.toAttribute!==void 0?r.converter:xe).toAttribute(e,r.type);this._$Em=t,s==null?this.removeAttribute(o):this.setAttribute(o,s),this._$Em=null}}_$AK(t,e){let r=this.constructor,o=r._$Eh.get(t);if(o!==void 0&&this._$Em!==o){let s=r.getPropertyOptions(o),n=typeof s.converter=="function"?{fromAttribute:s.converter}:s.converter?.fromAttribute!==void 0?s.converter:xe;this._$Em=o;let d=n.fromAttribute(e,s.type);this[o]=d??this._$Ej?.get(o)??d,this._$Em=null}}requestUpdate(t,e,r,o=!1,s){if(t!==void 0){let n=this.constructor;if(o===!1&&(s=this[t]),r??=n.getPropertyOptions(t),!((r.hasChanged??Ye)(s,e)||r.useDefault&&r.reflect&&s===this._$Ej?.get(t)&&!this.hasAttribute(n._$Eu(t,r))))return;this.C(t,e,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:r,reflect:o,wrapped:s},n){r&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,n??e??this[t]),s!==!0||n!==void 0)||(this._$AL.has(t)||(this.hasUpdated||r||(e=void 0),this._$AL.set(t,e)),o===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[o,s]of this._$Ep)this[o]=s;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[o,s]of r){let{wrapped:n}=s,d=this[o];n!==!0||this._$AL.has(o)||d===void 0||this.C(o,void 0,s,d)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(e)):this._$EM()}catch(r){throw t=!1,this._$EM(),r}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};A.elementStyles=[],A.shadowRootOptions={mode:"open"},A[V("elementProperties")]=new Map,A[V("finalized")]=new Map,Xt?.({ReactiveElement:A}),(ie.reactiveElementVersions??=[]).push("2.1.2");var Se=globalThis,Xe=a=>a,le=Se.trustedTypes,Je=le?le.createPolicy("lit-html",{createHTML:a=>a}):void 0,at="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,st="?"+S,Jt=`<${st}>`,N=document,q=()=>N.createComment(""),W=a=>a===null||typeof a!="object"&&typeof a!="function",Ce=Array.isArray,Zt=a=>Ce(a)||typeof a?.[Symbol.iterator]=="function",ye=`[ 	
\f\r]`,j=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Ze=/-->/g,et=/>/g,M=RegExp(`>|${ye}(?:([^\\s"'>=/]+)(${ye}*=${ye}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),tt=/'/g,rt=/"/g,nt=/^(?:script|style|textarea|title)$/i,Re=a=>(t,...e)=>({_$litType$:a,strings:t,values:e}),l=Re(1),v=Re(2),Er=Re(3),H=Symbol.for("lit-noChange"),p=Symbol.for("lit-nothing"),ot=new WeakMap,L=N.createTreeWalker(N,129);function it(a,t){if(!Ce(a)||!a.hasOwnProperty("raw"))throw Error("invalid template strings array");return Je!==void 0?Je.createHTML(t):t}var er=(a,t)=>{let e=a.length-1,r=[],o,s=t===2?"<svg>":t===3?"<math>":"",n=j;for(let d=0;d<e;d++){let c=a[d],u,m,h=-1,_=0;for(;_<c.length&&(n.lastIndex=_,m=n.exec(c),m!==null);)_=n.lastIndex,n===j?m[1]==="!--"?n=Ze:m[1]!==void 0?n=et:m[2]!==void 0?(nt.test(m[2])&&(o=RegExp("</"+m[2],"g")),n=M):m[3]!==void 0&&(n=M):n===M?m[0]===">"?(n=o??j,h=-1):m[1]===void 0?h=-2:(h=n.lastIndex-m[2].length,u=m[1],n=m[3]===void 0?M:m[3]==='"'?rt:tt):n===rt||n===tt?n=M:n===Ze||n===et?n=j:(n=M,o=void 0);let x=n===M&&a[d+1].startsWith("/>")?" ":"";s+=n===j?c+Jt:h>=0?(r.push(u),c.slice(0,h)+at+c.slice(h)+S+x):c+S+(h===-2?d:x)}return[it(a,s+(a[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),r]},Q=class a{constructor({strings:t,_$litType$:e},r){let o;this.parts=[];let s=0,n=0,d=t.length-1,c=this.parts,[u,m]=er(t,e);if(this.el=a.createElement(u,r),L.currentNode=this.el.content,e===2||e===3){let h=this.el.content.firstChild;h.replaceWith(...h.childNodes)}for(;(o=L.nextNode())!==null&&c.length<d;){if(o.nodeType===1){if(o.hasAttributes())for(let h of o.getAttributeNames())if(h.endsWith(at)){let _=m[n++],x=o.getAttribute(h).split(S),ae=/([.?@])?(.*)/.exec(_);c.push({type:1,index:s,name:ae[2],strings:x,ctor:ae[1]==="."?$e:ae[1]==="?"?Ae:ae[1]==="@"?ke:I}),o.removeAttribute(h)}else h.startsWith(S)&&(c.push({type:6,index:s}),o.removeAttribute(h));if(nt.test(o.tagName)){let h=o.textContent.split(S),_=h.length-1;if(_>0){o.textContent=le?le.emptyScript:"";for(let x=0;x<_;x++)o.append(h[x],q()),L.nextNode(),c.push({type:2,index:++s});o.append(h[_],q())}}}else if(o.nodeType===8)if(o.data===st)c.push({type:2,index:s});else{let h=-1;for(;(h=o.data.indexOf(S,h+1))!==-1;)c.push({type:7,index:s}),h+=S.length-1}s++}}static createElement(t,e){let r=N.createElement("template");return r.innerHTML=t,r}};function O(a,t,e=a,r){if(t===H)return t;let o=r!==void 0?e._$Co?.[r]:e._$Cl,s=W(t)?void 0:t._$litDirective$;return o?.constructor!==s&&(o?._$AO?.(!1),s===void 0?o=void 0:(o=new s(a),o._$AT(a,e,r)),r!==void 0?(e._$Co??=[])[r]=o:e._$Cl=o),o!==void 0&&(t=O(a,o._$AS(a,t.values),o,r)),t}var we=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:r}=this._$AD,o=(t?.creationScope??N).importNode(e,!0);L.currentNode=o;let s=L.nextNode(),n=0,d=0,c=r[0];for(;c!==void 0;){if(n===c.index){let u;c.type===2?u=new G(s,s.nextSibling,this,t):c.type===1?u=new c.ctor(s,c.name,c.strings,this,t):c.type===6&&(u=new Ee(s,this,t)),this._$AV.push(u),c=r[++d]}n!==c?.index&&(s=L.nextNode(),n++)}return L.currentNode=N,o}p(t){let e=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(t,r,e),e+=r.strings.length-2):r._$AI(t[e])),e++}},G=class a{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,r,o){this.type=2,this._$AH=p,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=r,this.options=o,this._$Cv=o?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=O(this,t,e),W(t)?t===p||t==null||t===""?(this._$AH!==p&&this._$AR(),this._$AH=p):t!==this._$AH&&t!==H&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Zt(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==p&&W(this._$AH)?this._$AA.nextSibling.data=t:this.T(N.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:r}=t,o=typeof r=="number"?this._$AC(t):(r.el===void 0&&(r.el=Q.createElement(it(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===o)this._$AH.p(e);else{let s=new we(o,this),n=s.u(this.options);s.p(e),this.T(n),this._$AH=s}}_$AC(t){let e=ot.get(t.strings);return e===void 0&&ot.set(t.strings,e=new Q(t)),e}k(t){Ce(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,r,o=0;for(let s of t)o===e.length?e.push(r=new a(this.O(q()),this.O(q()),this,this.options)):r=e[o],r._$AI(s),o++;o<e.length&&(this._$AR(r&&r._$AB.nextSibling,o),e.length=o)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let r=Xe(t).nextSibling;Xe(t).remove(),t=r}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},I=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,r,o,s){this.type=1,this._$AH=p,this._$AN=void 0,this.element=t,this.name=e,this._$AM=o,this.options=s,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=p}_$AI(t,e=this,r,o){let s=this.strings,n=!1;if(s===void 0)t=O(this,t,e,0),n=!W(t)||t!==this._$AH&&t!==H,n&&(this._$AH=t);else{let d=t,c,u;for(t=s[0],c=0;c<s.length-1;c++)u=O(this,d[r+c],e,c),u===H&&(u=this._$AH[c]),n||=!W(u)||u!==this._$AH[c],u===p?t=p:t!==p&&(t+=(u??"")+s[c+1]),this._$AH[c]=u}n&&!o&&this.j(t)}j(t){t===p?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},$e=class extends I{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===p?void 0:t}},Ae=class extends I{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==p)}},ke=class extends I{constructor(t,e,r,o,s){super(t,e,r,o,s),this.type=5}_$AI(t,e=this){if((t=O(this,t,e,0)??p)===H)return;let r=this._$AH,o=t===p&&r!==p||t.capture!==r.capture||t.once!==r.once||t.passive!==r.passive,s=t!==p&&(r===p||o);o&&this.element.removeEventListener(this.name,this,r),s&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},Ee=class{constructor(t,e,r){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(t){O(this,t)}};var tr=Se.litHtmlPolyfillSupport;tr?.(Q,G),(Se.litHtmlVersions??=[]).push("3.3.3");var lt=(a,t,e)=>{let r=e?.renderBefore??t,o=r._$litPart$;if(o===void 0){let s=e?.renderBefore??null;r._$litPart$=o=new G(t.insertBefore(q(),s),s,void 0,e??{})}return o._$AI(a),o};var Te=globalThis,f=class extends A{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=lt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return H}};f._$litElement$=!0,f.finalized=!0,Te.litElementHydrateSupport?.({LitElement:f});var rr=Te.litElementPolyfillSupport;rr?.({LitElement:f});(Te.litElementVersions??=[]).push("4.2.2");var Pe=["connectivity","alarm","active_alarms","contactor","current_a","current_b","current_c","current_n","voltage_a","voltage_b","voltage_c","line_voltage_ab","line_voltage_bc","line_voltage_ca","leakage_current","cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n","box_temperature","power","active_power","active_power_a","active_power_b","active_power_c","power_factor","frequency","energy","unbalance","voltage_unbalance","current_unbalance","voltage_qualification_rate","overcurrent_threshold","leakage_threshold","cable_temperature_threshold","box_temperature_threshold","overvoltage_threshold","undervoltage_threshold"],ct=["active","acknowledged","cleared"],dt=["overcurrent","leakage","cable_over_temperature","box_over_temperature","overvoltage","undervoltage","phase_loss","unbalance","power_fault","sensor_fault","contactor_tripped","offline","gateway_unreachable"],pt=["offline","gateway_unreachable"];var ut=a=>a.callWS({type:"safe_power/fleet"}),de=(a,t)=>a.callWS({type:"safe_power/alarms",...t}),ht=(a,t)=>a.callWS({type:"safe_power/acknowledge",alarm_ids:t}),mt=(a,t)=>a.callWS({type:"safe_power/power_off",alarm_id:t}),ft=(a,t,e)=>a.callService("switch",e?"turn_on":"turn_off",{entity_id:t});function b(a){if(typeof a=="object"&&a!==null&&"message"in a){let{message:t}=a;if(typeof t=="string"&&t)return t}return String(a)}function gt(a,t){let e=(o,s)=>o===void 0||o.includes(s),r=Date.parse(a.time);return e(t.states,a.state)&&e(t.causes,a.cause)&&e(t.area_ids,a.area_id??"")&&e(t.device_ids,a.device_id??"")&&(t.start===void 0||r>=Date.parse(t.start))&&(t.end===void 0||r<=Date.parse(t.end))}var ce=class{constructor(){this.listeners=new Set;this.resync=()=>this.listeners.forEach(t=>t.onResync())}start(t){return this.subscription||(this.connection=t.connection,this.connection.addEventListener("ready",this.resync),this.subscription=t.connection.subscribeMessage(e=>this.listeners.forEach(r=>r.onEvent(e)),{type:"safe_power/subscribe_alarms"})),this.subscription}stop(){let t=this.subscription;this.subscription=void 0,this.connection?.removeEventListener("ready",this.resync),this.connection=void 0,t?.then(e=>e()).catch(()=>{})}listen(t){return this.listeners.add(t),()=>this.listeners.delete(t)}};var C=a=>a.locale?.language??a.language,vt=new Map;function _t(a,t){let e=vt.get(a);return e||(e=t(),vt.set(a,e)),e}function bt(a){let t=Math.abs(a);return t>=100?1:t>=10?2:3}function xt(a){let t=Math.abs(a);return t>=100?0:t>=10?1:2}function yt(a,t,e=bt(t)){return _t(`n|${a}|${e}`,()=>{try{return new Intl.NumberFormat(a,{maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{maximumFractionDigits:e})}}).format(t)}var wt=(a,t)=>yt(a,t*100,0)+"%";function B(a,t,e,r=bt(t)){let o=yt(a,t,r);return e?e==="%"?`${o}%`:`${o} ${e}`:o}function $t(a,t){if(t.value===null)return"";let e=B(a,t.value,t.unit);if(t.threshold===null||t.limit===null)return e;let r=t.limit==="above"?">":"<";return`${e} ${r} ${B(a,t.threshold,t.unit)}`}function At(a,t,e=C(a)){let r=a.config.time_zone;return _t(`d|${e}|${r}|${JSON.stringify(t)}`,()=>{try{return new Intl.DateTimeFormat(e,{...t,timeZone:r})}catch{return new Intl.DateTimeFormat(void 0,t)}})}var F=(a,t)=>At(a,{dateStyle:"medium",timeStyle:"medium"}).format(new Date(t));function R(a,t){let e=At(a,{year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",hourCycle:"h23"},"en").formatToParts(new Date(t)),r=o=>e.find(s=>s.type===o)?.value??"";return`${r("year")}-${r("month")}-${r("day")} ${r("hour")}:${r("minute")}:${r("second")}`}function kt(a){return(a.locale?.language??a.language).toLowerCase().startsWith("zh")?"zh":"en"}var or={title:"Safe Power",menu:"Menu",tab_overview:"Overview",tab_alarms:"Alarms",back:"Back",loading:"Loading…",retry:"Retry",close:"Close",cancel:"Cancel",working:"Working…",fleet_error:"Could not read the boxes: {message}",feed_error:"Live alarm updates are off: {message}",no_boxes:"No Safe Power boxes yet: add a gateway or an MQTT box in Settings → Devices & services",box_gone:"This box is no longer in Safe Power.",state_normal:"Normal",state_warning:"Alarm acknowledged",state_alarm:"Alarm",state_offline:"Offline",state_power_off:"Power off",count_boxes:"Boxes",search:"Search name, area, location, serial",no_match:"No box matches.",show_all:"Show all",floor_ground:"Ground floor",floor_above:"Floor {level}",floor_below:"Basement {level}",no_floor:"No floor",no_area:"No area",fig_current:"Current",fig_leakage:"Leakage",fig_cable:"Cable",fig_power:"Power",open_alarms:"Open alarms: {count}",filter_state:"State",filter_cause:"Cause",filter_area:"Area",filter_time:"Time",all_states:"All",all_causes:"All causes",all_areas:"All areas",range_day:"Last 24 h",range_week:"Last 7 days",range_month:"Last 30 days",range_all:"All time",alarm_active:"Active",alarm_acknowledged:"Acknowledged",alarm_cleared:"Cleared",col_time:"Time",col_box:"Box",col_cause:"Cause",col_value:"Value / limit",col_state:"State",col_actions:"Actions",acknowledge:"Acknowledge",acknowledge_all:"Acknowledge all ({count})",power_off:"Power off",power_on:"Power on",export_csv:"Export CSV",no_alarms:"No alarms match these filters.",no_box_alarms:"No alarms for this box.",showing:"{shown} of {total}",show_more:"Show more",acknowledged_by:"Acknowledged by {who} · {time}",cleared_at:"Cleared · {time}",received_late:"Received late · {time}",power_by:"{command} by {who} · {time}",power_box:"({box})",power_line:"{action}: {result}",who_via:"{user} ({via})",power_confirmed:"confirmed by read-back",power_failed:"failed: {error}",covered:"Covered by the detector's alarm",origin_device:"Detector",origin_home_assistant:"Home Assistant",origin_user_limit:"User limit",via_app:"phone",via_dashboard:"dashboard",via_service:"action",via_automation:"automation",more:"More",less:"Less",likelihood:"{percent} likely",power_title:"Cut the power?",power_body:"The contactor of {box} opens: everything this box supplies loses power until it is switched on again.",power_on_title:"Restore the power?",power_on_body:"The contactor of {box} closes and the power returns. Make sure nobody is working on its circuits.",power_for:"For: {cause}",power_done:"Power cut, confirmed by read-back",power_on_done:"Power restored, confirmed by read-back",power_error:"Power off failed: {error}",power_on_error:"Power on failed: {error}",serial:"Serial",transport:"Connection",area:"Area",floor:"Floor",location:"Location",contactor:"Contactor",contactor_on:"Closed: power on",contactor_off:"Open: power off",live_values:"Live values",alarms_heading:"Alarms",open_device:"Open device page",unavailable:"Unavailable",unknown:"Unknown",online:"Online",alarm_on:"Alarm",alarm_off:"No alarm",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}: {value}",csv_file:"safe-power-alarms",csv_time:"Time",csv_received:"Received",csv_box:"Box",csv_serial:"Serial",csv_area:"Area",csv_location:"Location",csv_floor:"Floor",csv_cause:"Cause",csv_origin:"Raised by",csv_value:"Value",csv_threshold:"Limit",csv_unit:"Unit",csv_channel:"Measurement",csv_state:"State",csv_ack_by:"Acknowledged by",csv_ack_at:"Acknowledged at",csv_cleared:"Cleared at",csv_power:"Power actions",csv_diagnosis:"Diagnosis",csv_covered:"Covered by"},ar={title:"安全用电",menu:"菜单",tab_overview:"总览",tab_alarms:"报警",back:"返回",loading:"加载中…",retry:"重试",close:"关闭",cancel:"取消",working:"执行中…",fleet_error:"读取配电箱失败：{message}",feed_error:"报警实时推送已中断：{message}",no_boxes:"还没有安全用电配电箱：请在“设置 → 设备与服务”中添加网关或 MQTT 配电箱",box_gone:"该配电箱已不在安全用电中。",state_normal:"正常",state_warning:"报警已确认",state_alarm:"报警",state_offline:"离线",state_power_off:"已断电",count_boxes:"配电箱",search:"搜索名称、区域、安装位置、编号",no_match:"没有符合条件的配电箱。",show_all:"显示全部",floor_ground:"1 层",floor_above:"{level} 层",floor_below:"地下 {level} 层",no_floor:"未设楼层",no_area:"未分配区域",fig_current:"电流",fig_leakage:"剩余电流",fig_cable:"线缆温度",fig_power:"功率",open_alarms:"未恢复报警：{count}",filter_state:"状态",filter_cause:"报警类型",filter_area:"区域",filter_time:"时间",all_states:"全部",all_causes:"全部类型",all_areas:"全部区域",range_day:"近 24 小时",range_week:"近 7 天",range_month:"近 30 天",range_all:"全部时间",alarm_active:"未确认",alarm_acknowledged:"已确认",alarm_cleared:"已恢复",col_time:"时间",col_box:"配电箱",col_cause:"报警类型",col_value:"测量值 / 报警值",col_state:"状态",col_actions:"操作",acknowledge:"确认",acknowledge_all:"全部确认（{count}）",power_off:"分闸断电",power_on:"合闸送电",export_csv:"导出 CSV",no_alarms:"没有符合条件的报警。",no_box_alarms:"该配电箱没有报警记录。",showing:"显示 {shown} 条，共 {total} 条",show_more:"加载更多",acknowledged_by:"{who} 已确认 · {time}",cleared_at:"已恢复 · {time}",received_late:"延迟接收 · {time}",power_by:"{who} {command} · {time}",power_box:"（{box}）",power_line:"{action}：{result}",who_via:"{user}（{via}）",power_confirmed:"已回读确认",power_failed:"失败：{error}",covered:"已由探测器报警覆盖",origin_device:"探测器",origin_home_assistant:"Home Assistant",origin_user_limit:"自定义限值",via_app:"手机",via_dashboard:"控制面板",via_service:"服务调用",via_automation:"自动化",more:"展开",less:"收起",likelihood:"可能性 {percent}",power_title:"确认分闸断电？",power_body:"将断开 {box} 的接触器，该箱所带负载全部断电，直到重新合闸。",power_on_title:"确认合闸送电？",power_on_body:"将闭合 {box} 的接触器恢复供电。请确认无人在该箱回路上作业。",power_for:"报警：{cause}",power_done:"已分闸断电，已回读确认",power_on_done:"已合闸送电，已回读确认",power_error:"分闸失败：{error}",power_on_error:"合闸失败：{error}",serial:"编号",transport:"通信方式",area:"区域",floor:"楼层",location:"安装位置",contactor:"接触器",contactor_on:"合闸（供电中）",contactor_off:"分闸（已断电）",live_values:"实时数据",alarms_heading:"报警记录",open_device:"打开设备页面",unavailable:"不可用",unknown:"未知",online:"在线",alarm_on:"报警",alarm_off:"无报警",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}：{value}",csv_file:"安全用电报警记录",csv_time:"报警时间",csv_received:"接收时间",csv_box:"配电箱",csv_serial:"编号",csv_area:"区域",csv_location:"安装位置",csv_floor:"楼层",csv_cause:"报警类型",csv_origin:"报警来源",csv_value:"测量值",csv_threshold:"报警值",csv_unit:"单位",csv_channel:"测量项",csv_state:"状态",csv_ack_by:"确认人",csv_ack_at:"确认时间",csv_cleared:"恢复时间",csv_power:"断电操作",csv_diagnosis:"诊断",csv_covered:"覆盖该报警的报警"},sr={en:or,zh:ar};function i(a,t,e={}){return sr[a][t].replace(/\{(\w+)\}/g,(r,o)=>o in e?String(e[o]):r)}function pe(a,t){return t<0?i(a,"floor_below",{level:-t}):t===0?i(a,"floor_ground"):i(a,"floor_above",{level:a==="zh"?t+1:t})}var nr={en:{overcurrent:"Overload",leakage:"Residual current (leakage)",cable_over_temperature:"Cable over-temperature",box_over_temperature:"Box over-temperature",overvoltage:"Overvoltage",undervoltage:"Undervoltage",phase_loss:"Phase loss",unbalance:"Unbalance",power_fault:"Power fault",sensor_fault:"Sensor fault",contactor_tripped:"Contactor tripped",offline:"Offline",gateway_unreachable:"Gateway unreachable"},zh:{overcurrent:"过流（过载）",leakage:"剩余电流（漏电）",cable_over_temperature:"线缆超温",box_over_temperature:"箱体超温",overvoltage:"过压",undervoltage:"欠压",phase_loss:"缺相",unbalance:"三相不平衡",power_fault:"电源故障",sensor_fault:"传感器故障",contactor_tripped:"接触器脱扣",offline:"离线",gateway_unreachable:"网关通信中断"}},w=(a,t)=>nr[a][t]??t,ue=(a,t)=>i(a,`origin_${t}`),ir=["app","dashboard","service","automation"];function Me(a,t){let e=ir.find(r=>r===t);return e?i(a,`via_${e}`):t}var Et={en:{contactor:"Contactor",connectivity:"Connection",alarm:"Detector alarm",active_alarms:"Active alarms",current_a:"Phase A current",current_b:"Phase B current",current_c:"Phase C current",current_n:"Neutral current",voltage_a:"Phase A voltage",voltage_b:"Phase B voltage",voltage_c:"Phase C voltage",line_voltage_ab:"Line voltage A-B",line_voltage_bc:"Line voltage B-C",line_voltage_ca:"Line voltage C-A",leakage_current:"Leakage current",cable_temperature_a:"Phase A cable temperature",cable_temperature_b:"Phase B cable temperature",cable_temperature_c:"Phase C cable temperature",cable_temperature_n:"Neutral cable temperature",box_temperature:"Box temperature",power:"Active power",active_power:"Active power",active_power_a:"Phase A active power",active_power_b:"Phase B active power",active_power_c:"Phase C active power",energy:"Energy",power_factor:"Power factor",frequency:"Frequency",unbalance:"Unbalance",voltage_unbalance:"Voltage unbalance",current_unbalance:"Current unbalance",voltage_qualification_rate:"Voltage qualification rate",overcurrent_threshold:"Overcurrent threshold",leakage_threshold:"Leakage threshold",cable_temperature_threshold:"Cable temperature threshold",box_temperature_threshold:"Box temperature threshold",overvoltage_threshold:"Overvoltage threshold",undervoltage_threshold:"Undervoltage threshold"},zh:{contactor:"接触器",connectivity:"通信状态",alarm:"探测器报警",active_alarms:"未确认报警",current_a:"A相电流",current_b:"B相电流",current_c:"C相电流",current_n:"N线电流",voltage_a:"A相电压",voltage_b:"B相电压",voltage_c:"C相电压",line_voltage_ab:"AB线电压",line_voltage_bc:"BC线电压",line_voltage_ca:"CA线电压",leakage_current:"剩余电流",cable_temperature_a:"A相温度",cable_temperature_b:"B相温度",cable_temperature_c:"C相温度",cable_temperature_n:"N线温度",box_temperature:"箱体温度",power:"总有功功率",active_power:"总有功功率",active_power_a:"A相有功功率",active_power_b:"B相有功功率",active_power_c:"C相有功功率",energy:"有功电能",power_factor:"功率因数",frequency:"频率",unbalance:"三相不平衡度",voltage_unbalance:"电压不平衡度",current_unbalance:"电流不平衡度",voltage_qualification_rate:"电压合格率",overcurrent_threshold:"过流报警值",leakage_threshold:"剩余电流报警值",cable_temperature_threshold:"线缆温度报警值",box_temperature_threshold:"箱体温度报警值",overvoltage_threshold:"过压报警值",undervoltage_threshold:"欠压报警值"}},Le=(a,t)=>Et[a][t],U=(a,t)=>Et[a][t];var y=a=>v`
  <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${a}</svg>`,St=y(v`<path d="M4 6h16M4 12h16M4 18h16"/>`),Ct=y(v`<path d="M19 12H5M11 6l-6 6 6 6"/>`),Rt=y(v`<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>`),Tt=y(v`<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>`),Y=y(v`<path d="M5 12.5l4.5 4.5L19 7.5"/>`),Pt=y(v`<path d="M14 5h5v5M19 5l-8 8M17 14v5H5V7h5"/>`),lr=y(v`<circle cx="12" cy="12" r="9"/><path d="M8 12.5l3 3 5-6"/>`),cr=y(v`<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>`),dr=y(v`<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 2h-15z"/><path d="M10 21h4M12 8v4M12 14.5v.01"/>`),pr=y(v`<path d="M2 9a15 15 0 0 1 20 0M5.5 12.5a10 10 0 0 1 13 0M9 16a5 5 0 0 1 6 0M12 19.5v.01M3 3l18 18"/>`),k=y(v`<path d="M12 3v8"/><path d="M6.3 6.8a8 8 0 1 0 11.4 0"/>`),X={normal:lr,warning:cr,alarm:dr,offline:pr,power_off:k};var he=(a,t)=>l`<span class="chip ${t}">${X[t]}${i(a,`state_${t}`)}</span>`,ur={active:"alarm",acknowledged:"warning",cleared:"normal"},Ne=(a,t)=>{let e=ur[t];return l`<span class="chip ${e}">${X[e]}${i(a,`alarm_${t}`)}</span>`},Mt=(a,t)=>[a,t].filter(e=>e).join(" · ");function me(a,t){return[t.name,...t.area?[i(a,"labelled",{label:i(a,"area"),value:t.area})]:[],...t.location?[i(a,"labelled",{label:i(a,"location"),value:t.location})]:[],i(a,"labelled",{label:i(a,"serial"),value:t.serial})]}var J=(a,t)=>t.user?i(a,"who_via",{user:t.user,via:Me(a,t.via)}):Me(a,t.via);function fe(a,t,e){let r=i(a,"power_by",{command:i(a,t.command==="off"?"power_off":"power_on"),who:J(a,t),time:e})+(t.box?` ${i(a,"power_box",{box:t.box})}`:""),o=t.ok?i(a,"power_confirmed"):i(a,"power_failed",{error:t.error??i(a,"unknown")});return i(a,"power_line",{action:r,result:o})}function E(a){history.pushState(null,"",a),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}var T=a=>a.button===0&&!a.metaKey&&!a.ctrlKey&&!a.shiftKey&&!a.altKey;function Lt(a){if(a===null)return"";if(typeof a=="number")return String(a);let t=/^[=+\-@\t\r]/.test(a)?`'${a}`:a;return/[",\r\n]/.test(t)?`"${t.replace(/"/g,'""')}"`:t}var Nt=[["csv_time",(a,t,e)=>R(a,e.time)],["csv_received",(a,t,e)=>R(a,e.received)],["csv_box",(a,t,e)=>e.box],["csv_serial",(a,t,e)=>e.serial],["csv_area",(a,t,e)=>e.area],["csv_location",(a,t,e)=>e.location],["csv_floor",(a,t,e)=>e.floor],["csv_cause",(a,t,e)=>w(t,e.cause)],["csv_origin",(a,t,e)=>ue(t,e.origin)],["csv_value",(a,t,e)=>e.value],["csv_threshold",(a,t,e)=>e.threshold],["csv_unit",(a,t,e)=>e.unit],["csv_channel",(a,t,e)=>e.channel?U(t,e.channel)??e.channel:null],["csv_state",(a,t,e)=>i(t,`alarm_${e.state}`)],["csv_ack_by",(a,t,e)=>e.acknowledged?J(t,e.acknowledged):null],["csv_ack_at",(a,t,e)=>e.acknowledged?R(a,e.acknowledged.at):null],["csv_cleared",(a,t,e)=>e.cleared?R(a,e.cleared):null],["csv_power",(a,t,e)=>e.power.map(r=>fe(t,r,R(a,r.at))).join(`
`)],["csv_diagnosis",(a,t,e)=>e.diagnosis.map(r=>r[t]).join(`
`)],["csv_covered",(a,t,e)=>e.covered_by]];function Ht(a,t,e){return`\uFEFF${[Nt.map(([o])=>Lt(i(t,o))),...e.map(o=>Nt.map(([,s])=>Lt(s(a,t,o))))].map(o=>o.join(",")).join(`\r
`)}\r
`}function Ot(a,t){let e=URL.createObjectURL(new Blob([t],{type:"text/csv;charset=utf-8"})),r=document.createElement("a");r.href=e,r.download=a,r.click(),setTimeout(()=>URL.revokeObjectURL(e),0)}var $=g`
  :host {
    --sp-normal: var(--success-color, #43a047);
    --sp-warning: var(--warning-color, #ffa600);
    --sp-alarm: var(--error-color, #db4437);
    --sp-offline: var(--sp-offline-color, #757575);
    --sp-power-off: var(--sp-power-off-color, #7e57c2);
    --sp-radius: var(--ha-card-border-radius, 12px);
    color: var(--primary-text-color, #212121);
  }
  * {
    box-sizing: border-box;
  }
  .icon {
    width: 20px;
    height: 20px;
    flex: none;
  }
  .card {
    background: var(--card-background-color, #fff);
    border: 1px solid var(--divider-color, #e0e0e0);
    border-radius: var(--sp-radius);
    box-shadow: var(--ha-card-box-shadow, none);
  }
  .secondary {
    color: var(--secondary-text-color, #727272);
  }
  .error {
    color: var(--error-color, #db4437);
  }
  .banner {
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
    padding: 12px 16px;
    border-radius: var(--sp-radius);
    border: 1px solid var(--error-color, #db4437);
    background: color-mix(in srgb, var(--error-color, #db4437) 10%, var(--card-background-color, #fff));
    color: var(--primary-text-color, #212121);
    font-weight: 500;
  }
  .empty {
    padding: 32px 16px;
    text-align: center;
    color: var(--secondary-text-color, #727272);
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 40px;
    padding: 0 16px;
    border-radius: 20px;
    border: 1px solid var(--divider-color, #e0e0e0);
    background: transparent;
    color: var(--primary-color, #03a9f4);
    font-weight: 500;
    white-space: nowrap;
  }
  .btn.primary {
    border-color: var(--primary-color, #03a9f4);
    background: var(--primary-color, #03a9f4);
    color: var(--text-primary-color, #fff);
  }
  .btn.danger {
    border-color: var(--sp-alarm);
    background: var(--sp-alarm);
    color: #fff;
  }
  .btn:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .btn:focus-visible,
  a:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 2px;
  }
  select,
  input {
    font: inherit;
    min-height: 40px;
    padding: 0 10px;
    border-radius: 8px;
    border: 1px solid var(--divider-color, #e0e0e0);
    background: var(--card-background-color, #fff);
    color: var(--primary-text-color, #212121);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 10px 2px 6px;
    border-radius: 14px;
    font-size: 0.875rem;
    font-weight: 500;
    line-height: 22px;
    white-space: nowrap;
    border: 1px solid var(--sp-color);
    background: color-mix(in srgb, var(--sp-color) 14%, transparent);
  }
  .chip .icon {
    width: 18px;
    height: 18px;
    color: var(--sp-color);
  }
  .chip.alarm {
    background: var(--sp-color);
    color: #fff;
  }
  .chip.alarm .icon {
    color: #fff;
  }
  .normal {
    --sp-color: var(--sp-normal);
  }
  .warning {
    --sp-color: var(--sp-warning);
  }
  .alarm {
    --sp-color: var(--sp-alarm);
  }
  .offline {
    --sp-color: var(--sp-offline);
  }
  .power_off {
    --sp-color: var(--sp-power-off);
  }
`;var Z=class extends f{constructor(){super(...arguments);this.language="en";this.busy=!1}willUpdate(e){e.has("request")&&(this.busy=!1,this.outcome=void 0)}updated(){let e=this.renderRoot.querySelector("dialog");this.request&&e&&!e.open&&e.showModal()}async run(){let e=this.request;if(!(!e||this.busy)){this.busy=!0;try{this.outcome={ok:!0,text:await e.run()}}catch(r){this.outcome={ok:!1,text:b(r)}}this.busy=!1}}close(){this.busy||(this.renderRoot.querySelector("dialog")?.close(),this.dispatchEvent(new CustomEvent("closed")))}onCancel(e){e.preventDefault(),this.close()}render(){let e=this.request;if(!e)return p;let r=this.language,o=this.outcome;return l`
      <dialog aria-labelledby="heading" @cancel=${this.onCancel}>
        <h2 id="heading">${k}<span>${e.heading}</span></h2>
        <p>${e.body}</p>
        <ul>
          ${e.details.map(s=>l`<li>${s}</li>`)}
        </ul>
        ${o?l`<p class="outcome ${o.ok?"ok":"failed"}" role="status">
                ${o.ok?Y:p}<span>${o.text}</span>
              </p>`:p}
        <div class="buttons">
          ${o?l`<button class="btn primary" @click=${this.close}>${i(r,"close")}</button>`:l`
                  <button class="btn" ?disabled=${this.busy} @click=${this.close}>
                    ${i(r,"cancel")}
                  </button>
                  <button class="btn danger" ?disabled=${this.busy} @click=${this.run}>
                    ${this.busy?i(r,"working"):e.confirm}
                  </button>
                `}
        </div>
      </dialog>
    `}};Z.properties={language:{attribute:!1},request:{attribute:!1},busy:{state:!0},outcome:{state:!0}},Z.styles=[$,g`
      dialog {
        width: min(460px, calc(100vw - 32px));
        padding: 24px;
        border: none;
        border-radius: var(--sp-radius);
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
      }
      h2 {
        display: flex;
        align-items: center;
        gap: 10px;
        margin: 0 0 12px;
        font-size: 1.25rem;
        font-weight: 500;
      }
      h2 .icon {
        width: 26px;
        height: 26px;
        color: var(--sp-alarm);
      }
      p {
        margin: 0 0 12px;
        line-height: 1.45;
      }
      ul {
        margin: 0 0 16px;
        padding-left: 20px;
        line-height: 1.6;
        font-weight: 500;
      }
      .outcome {
        display: flex;
        gap: 8px;
        align-items: flex-start;
        padding: 12px;
        border-radius: 8px;
        font-weight: 500;
      }
      .outcome.ok {
        border: 1px solid var(--sp-normal);
        background: color-mix(in srgb, var(--sp-normal) 14%, transparent);
      }
      .outcome.failed {
        border: 2px solid var(--sp-alarm);
        background: color-mix(in srgb, var(--sp-alarm) 14%, transparent);
        color: var(--sp-alarm);
        font-size: 1.05rem;
      }
      .outcome .icon {
        color: var(--sp-normal);
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        flex-wrap: wrap;
      }
    `];customElements.get("safe-power-confirm")||customElements.define("safe-power-confirm",Z);var D=class{constructor(t){this.host=t;this.alarms=[];this.total=0;this.loading=!1;this.loaded=!1;this.error=null;this.query={};this.pending=null;this.reads=0;t.addController(this)}hostConnected(){this.follow()}hostUpdate(){this.follow()}hostDisconnected(){this.unlisten?.(),this.unlisten=void 0,this.feed=void 0}async load(t,e){let r=++this.reads;this.hass=t,this.query=e,this.pending=[],this.loading=!0,this.error=null,this.host.requestUpdate();try{let s=await de(t,e);if(r!==this.reads)return;this.alarms=s.alarms,this.total=s.total,this.loaded=!0}catch(s){if(r!==this.reads)return;this.error=b(s)}let o=this.pending??[];this.pending=null,this.loading=!1,o.forEach(s=>this.apply(s)),this.host.requestUpdate()}follow(){let t=this.host.feed;t!==this.feed&&(this.unlisten?.(),this.feed=t,this.unlisten=t?.listen({onEvent:e=>{this.pending?this.pending.push(e):this.loaded&&(this.apply(e),this.host.requestUpdate())},onResync:()=>{this.hass&&this.load(this.hass,this.query)}}))}apply({alarm:t}){let e=this.alarms.findIndex(o=>o.alarm_id===t.alarm_id),r=gt(t,this.query);if(e>=0&&r)this.alarms=this.alarms.map((o,s)=>s===e?t:o);else if(e>=0)this.alarms=this.alarms.filter((o,s)=>s!==e),this.total-=1;else if(r){let o=Date.parse(t.time),s=this.alarms.findIndex(n=>Date.parse(n.time)<o);this.alarms=s<0?[...this.alarms,t]:[...this.alarms.slice(0,s),t,...this.alarms.slice(s)],this.total+=1}}};var He=100,It={day:1,week:7,month:30,all:null},hr={day:"range_day",week:"range_week",month:"range_month",all:"range_all"},mr=864e5,ee=class extends f{constructor(){super(...arguments);this.language="en";this.compact=!1;this.basePath="";this.filters={state:"active",cause:"",areaId:"",range:"all",limit:He};this.expanded=new Set;this.acking=new Set;this.actionError=null;this.list=new D(this);this.loadedWith=""}willUpdate(){!this.hasUpdated&&this.deviceId!==void 0&&(this.filters={...this.filters,state:"all",range:"month"});let e=JSON.stringify([this.filters,this.deviceId]);this.hass&&e!==this.loadedWith&&(this.loadedWith=e,this.list.load(this.hass,this.query()))}query(){let{state:e,cause:r,areaId:o,range:s,limit:n}=this.filters,d=It[s];return{...e!=="all"&&{states:[e]},...r!==""&&{causes:[r]},...o!==""&&{area_ids:[o]},...this.deviceId!==void 0&&{device_ids:[this.deviceId]},...d!==null&&{start:new Date(Date.now()-d*mr).toISOString()},limit:n}}setFilter(e,r){this.filters={...this.filters,[e]:r,limit:He}}showMore(){this.filters={...this.filters,limit:this.filters.limit+He}}async acknowledge(e){this.acking=new Set([...this.acking,...e]),this.actionError=null;try{await ht(this.hass,e)}catch(r){this.actionError=b(r)}this.acking=new Set([...this.acking].filter(r=>!e.includes(r)))}askPowerOff(e){let r=this.language,o=this.fleet.boxes.find(n=>n.device_id===e.device_id),s=o?.name??e.box;this.confirm={heading:i(r,"power_title"),body:i(r,"power_body",{box:s}),details:[...me(r,{name:s,area:o?o.area:e.area,location:o?o.location:e.location,serial:e.serial}),i(r,"power_for",{cause:w(r,e.cause)})],confirm:i(r,"power_off"),run:async()=>{let n=await mt(this.hass,e.alarm_id);if(!n.ok)throw new Error(i(r,"power_error",{error:n.error??i(r,"unknown")}));return i(r,"power_done")}}}async exportCsv(){this.actionError=null;try{let{list:e}=this,r=e.total>e.alarms.length?(await de(this.hass,{...this.query(),limit:Math.min(e.total,1e4)})).alarms:e.alarms,o=R(this.hass,new Date().toISOString()).slice(0,10);Ot(`${i(this.language,"csv_file")}-${o}.csv`,Ht(this.hass,this.language,r))}catch(e){this.actionError=b(e)}}toggle(e){let r=new Set(this.expanded);r.delete(e)||r.add(e),this.expanded=r}clipped(e){let r=(this.compact?70:200)/(this.language==="zh"?2:1);return e.diagnosis.length>1||e.diagnosis[0][this.language].length>r}canPowerOff(e){let o=this.fleet.boxes.find(s=>s.device_id===e.device_id)?.entities.contactor;return this.fleet.can_power&&e.state!=="cleared"&&!pt.includes(e.cause)&&o!==void 0&&this.hass.states[o]?.state!=="off"}render(){let{language:e,list:r}=this,o=r.alarms.filter(s=>s.state==="active").map(s=>s.alarm_id);return l`
      ${this.renderFilters()}
      <div class="toolbar">
        ${o.length>1?l`<button
                class="btn"
                ?disabled=${o.every(s=>this.acking.has(s))}
                @click=${()=>this.acknowledge(o)}
              >
                ${Y}${i(e,"acknowledge_all",{count:o.length})}
              </button>`:p}
        <button class="btn" ?disabled=${r.alarms.length===0} @click=${this.exportCsv}>
          ${Tt}${i(e,"export_csv")}
        </button>
      </div>
      ${this.actionError?l`<div class="banner" role="alert">${this.actionError}</div>`:p}
      ${r.error?l`<div class="banner" role="alert">${r.error}</div>`:p}
      ${this.renderList()}
      <safe-power-confirm
        .language=${e}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}renderFilters(){let{language:e,filters:r}=this,o=new Map(this.fleet.boxes.filter(n=>n.area_id!==null).map(n=>[n.area_id??"",n.area??n.area_id??""])),s=(n,d,c)=>l`
      <label>
        <span class="secondary">${d}</span>
        <select
          @change=${u=>this.setFilter(n,c[u.target.selectedIndex][0])}
        >
          ${c.map(([u,m])=>l`<option ?selected=${u===r[n]}>${m}</option>`)}
        </select>
      </label>
    `;return l`
      <div class="filters">
        ${s("state",i(e,"filter_state"),[...ct.map(n=>[n,i(e,`alarm_${n}`)]),["all",i(e,"all_states")]])}
        ${s("cause",i(e,"filter_cause"),[["",i(e,"all_causes")],...dt.map(n=>[n,w(e,n)])])}
        ${this.deviceId===void 0?s("areaId",i(e,"filter_area"),[["",i(e,"all_areas")],...[...o].sort((n,d)=>n[1].localeCompare(d[1]))]):p}
        ${s("range",i(e,"filter_time"),Object.keys(It).map(n=>[n,i(e,hr[n])]))}
      </div>
    `}renderList(){let{language:e,list:r}=this;return r.loaded?r.alarms.length===0?l`<p class="empty card">
        ${i(e,this.deviceId===void 0?"no_alarms":"no_box_alarms")}
      </p>`:l`
      ${this.compact?this.renderCards():this.renderTable()}
      <div class="more">
        <span class="secondary">${i(e,"showing",{shown:r.alarms.length,total:r.total})}</span>
        ${r.total>r.alarms.length?l`<button class="btn" ?disabled=${r.loading} @click=${this.showMore}>
                ${i(e,"show_more")}
              </button>`:p}
      </div>
    `:r.loading?l`<p class="empty">${i(e,"loading")}</p>`:l``}renderTable(){let e=this.language,r=this.deviceId===void 0,o=r?6:5;return l`
      <table class="card">
        <thead>
          <tr>
            <th>${i(e,"col_time")}</th>
            ${r?l`<th>${i(e,"col_box")}</th>`:p}
            <th>${i(e,"col_cause")}</th>
            <th>${i(e,"col_value")}</th>
            <th>${i(e,"col_state")}</th>
            <th>${i(e,"col_actions")}</th>
          </tr>
        </thead>
        ${this.list.alarms.map(s=>l`
            <tbody class=${s.covered_by?"covered":""}>
              <tr>
                <td class="time">${this.renderTime(s)}</td>
                ${r?l`<td class="box-cell">${this.renderBox(s)}</td>`:p}
                <td class="cause-cell">${this.renderCause(s)}</td>
                <td>${this.renderValue(s)}</td>
                <td class="state-cell">${Ne(e,s.state)}${this.renderHistory(s)}</td>
                <td><div class="actions">${this.renderActions(s)}</div></td>
              </tr>
              ${s.diagnosis.length?l`<tr class="diagnosis">
                      <td colspan=${o}>${this.renderDiagnosis(s)}</td>
                    </tr>`:p}
            </tbody>
          `)}
      </table>
    `}renderCards(){let e=this.language;return l`
      <div class="cards">
        ${this.list.alarms.map(r=>l`
            <article class="card ${r.covered_by?"covered":""}">
              <div class="top">
                ${Ne(e,r.state)}
                <span class="secondary time">${this.renderTime(r)}</span>
              </div>
              ${this.renderCause(r)} ${this.deviceId===void 0?this.renderBox(r):p}
              ${this.renderValue(r)} ${this.renderHistory(r)}
              ${r.diagnosis.length?this.renderDiagnosis(r):p}
              <div class="actions">${this.renderActions(r)}</div>
            </article>
          `)}
      </div>
    `}renderTime(e){let r=F(this.hass,e.time);return e.late?l`${r}
          <div class="secondary small">
            ${i(this.language,"received_late",{time:F(this.hass,e.received)})}
          </div>`:l`${r}`}renderBox(e){let r=Mt(e.area,e.location),o=e.device_id?`${this.basePath}/box/${encodeURIComponent(e.device_id)}`:null;return l`
      <div class="box">
        ${o?l`<a
                href=${o}
                @click=${s=>{T(s)&&(s.preventDefault(),E(o))}}
                >${e.box}</a
              >`:l`<span>${e.box}</span>`}
        ${r?l`<div class="secondary small">${r}</div>`:p}
      </div>
    `}renderCause(e){let r=this.language;return l`
      <div class="cause">
        <strong>${w(r,e.cause)}</strong>
        <div class="secondary small">${ue(r,e.origin)}</div>
        ${e.covered_by?l`<div class="small covered-note">${i(r,"covered")}</div>`:p}
      </div>
    `}renderValue(e){let r=$t(C(this.hass),e);if(!r)return p;let o=e.channel?U(this.language,e.channel)??e.channel:null;return l`
      <div class="value">
        <span class="reading">${r}</span>
        ${o?l`<div class="secondary small">${o}</div>`:p}
      </div>
    `}renderHistory(e){let{hass:r,language:o}=this;return l`
      <ul class="history small">
        ${e.acknowledged?l`<li>
                ${i(o,"acknowledged_by",{who:J(o,e.acknowledged),time:F(r,e.acknowledged.at)})}
              </li>`:p}
        ${e.cleared?l`<li>${i(o,"cleared_at",{time:F(r,e.cleared)})}</li>`:p}
        ${e.power.map(s=>l`<li class=${s.ok?"":"error"}>
              ${k}<span>${fe(o,s,F(r,s.at))}</span>
            </li>`)}
      </ul>
    `}renderDiagnosis(e){let r=this.language,o=this.expanded.has(e.alarm_id),s=o?e.diagnosis:e.diagnosis.slice(0,1);return l`
      <div class="diagnosis-text ${o?"open":""}">
        ${s.map(n=>l`<p>
              <span class="likelihood"
                >${i(r,"likelihood",{percent:wt(C(this.hass),n.confidence)})}</span
              >
              ${n[r]}
            </p>`)}
        ${o||this.clipped(e)?l`<button class="link" aria-expanded=${o} @click=${()=>this.toggle(e.alarm_id)}>
                ${i(r,o?"less":"more")}
              </button>`:p}
      </div>
    `}renderActions(e){let r=this.language,o=[];return e.state==="active"&&o.push(l`<button
          class="btn primary"
          ?disabled=${this.acking.has(e.alarm_id)}
          @click=${()=>this.acknowledge([e.alarm_id])}
        >
          ${Y}${i(r,"acknowledge")}
        </button>`),this.canPowerOff(e)&&o.push(l`<button class="btn danger" @click=${()=>this.askPowerOff(e)}>
          ${k}${i(r,"power_off")}
        </button>`),o}};ee.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},deviceId:{attribute:!1},basePath:{attribute:!1},filters:{state:!0},expanded:{state:!0},acking:{state:!0},actionError:{state:!0},confirm:{state:!0}},ee.styles=[$,g`
      :host {
        display: block;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
      }
      .filters label {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 0.8rem;
      }
      .filters select {
        font-size: 0.95rem;
        min-width: 140px;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 8px;
        margin: 12px 0;
      }
      .banner {
        margin-bottom: 12px;
      }
      .small {
        font-size: 0.85rem;
      }
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 0;
        overflow: hidden;
      }
      th {
        text-align: left;
        font-weight: 500;
        font-size: 0.85rem;
        color: var(--secondary-text-color, #727272);
        padding: 10px 12px;
        border-bottom: 1px solid var(--divider-color, #e0e0e0);
      }
      td {
        padding: 10px 12px;
        vertical-align: top;
      }
      tbody + tbody td {
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      tbody + tbody tr.diagnosis td,
      tr.diagnosis td {
        border-top: none;
        padding-top: 0;
      }
      td.time {
        white-space: nowrap;
      }
      td.box-cell {
        min-width: 170px;
      }
      td.cause-cell {
        min-width: 140px;
      }
      td.state-cell {
        max-width: 320px;
      }
      .covered {
        opacity: 0.6;
      }
      .covered-note {
        font-style: italic;
      }
      .reading {
        font-weight: 500;
        white-space: nowrap;
      }
      .box a {
        color: var(--primary-color, #03a9f4);
        font-weight: 500;
        text-decoration: none;
      }
      .box a:hover {
        text-decoration: underline;
      }
      .history {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
      }
      .history li {
        display: flex;
        gap: 4px;
        align-items: flex-start;
        margin-top: 2px;
      }
      .history .icon {
        width: 16px;
        height: 16px;
        margin-top: 2px;
      }
      .history li.error {
        font-weight: 500;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .diagnosis-text {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 4px;
        padding: 8px 12px;
        border-radius: 8px;
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 7%, transparent);
        font-size: 0.9rem;
        line-height: 1.45;
      }
      .diagnosis-text p {
        margin: 0;
      }
      .diagnosis-text:not(.open) p {
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .likelihood {
        font-weight: 500;
        margin-right: 4px;
      }
      .likelihood::after {
        content: " ·";
      }
      button.link {
        min-height: 32px;
        padding: 0;
        border: none;
        background: none;
        color: var(--primary-color, #03a9f4);
        font-weight: 500;
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      article {
        display: flex;
        flex-direction: column;
        gap: 6px;
        padding: 12px;
      }
      article .top {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        flex-wrap: wrap;
      }
      article .time {
        font-size: 0.85rem;
      }
      article .actions .btn {
        flex: 1;
      }
      :host([compact]) button.link {
        min-height: 40px;
      }
      :host([compact]) .filters label {
        flex: 1 1 40%;
      }
      :host([compact]) .filters select {
        min-width: 0;
        width: 100%;
      }
      .more {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
        margin-top: 12px;
      }
    `];customElements.get("safe-power-alarms")||customElements.define("safe-power-alarms",ee);var Bt=["alarm","warning","offline","power_off","normal"],fr=new Set(["unavailable","unknown"]);function P(a,t,e){let r=t.entities[e];return r===void 0?void 0:a.states[r]?.state}var Ft=(a,t,e)=>a.entities[t]?.startsWith(`${e}.`)===!0,gr=new Set(["active_alarms","location"]),Be=a=>Object.keys(a.entities).filter(t=>Ft(a,t,"sensor")&&!gr.has(t)),Fe=a=>Object.keys(a.entities).filter(t=>(t==="alarm"||t.startsWith("alarm_"))&&Ft(a,t,"binary_sensor")),Ue=(a,t)=>Fe(t).filter(e=>P(a,t,e)==="on");function ge(a,t,e){let r=Be(t).map(d=>P(a,t,d)),o=P(a,t,"connectivity"),s=r.length>0&&r.every(d=>d===void 0||fr.has(d));return o==="off"||o==="unavailable"||s?"offline":P(a,t,"contactor")==="off"?"power_off":e.some(d=>d.state==="active"&&d.covered_by===null)||Ue(a,t).length>0?"alarm":e.length>0?"warning":"normal"}function z(a,t,e){let r=t.entities[e],o=r===void 0?void 0:a.states[r];if(!o||o.state.trim()==="")return;let s=Number(o.state);return Number.isFinite(s)?{value:s,unit:o.attributes.unit_of_measurement}:void 0}function De(a,t,e){return e.map(r=>z(a,t,r)).reduce((r,o)=>o&&(!r||o.value>r.value)?o:r,void 0)}function ve(a){return a?.unit==="W"?{value:a.value/1e3,unit:"kW"}:a}function Ut(a,t,e){let r=e.find(o=>t.entities[o]!==void 0);return r===void 0?void 0:z(a,t,r)}var ze=["current_a","current_b","current_c"],Ke=["power","active_power"],Ve=["cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n"];function Dt(a,t){let e=[a.name,a.area,a.floor,a.location,a.serial].filter(r=>r!==null).join(" ").toLocaleLowerCase();return t.toLocaleLowerCase().split(/\s+/).every(r=>e.includes(r))}var Ie=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function vr(a){let t=a.map(e=>e.level).filter(e=>e!==null);return t.length?Math.min(...t):null}function zt(a){let t=new Map;for(let r of a){let o=r.floor!==null?`floor:${r.floor_id??r.floor}`:r.level!==null?`level:${r.level}`:"",s=t.get(o)??{name:r.floor,level:r.floor===null?r.level:null,boxes:[]};s.boxes.push(r),t.set(o,s)}let e=(r,o)=>{if(r==="")return[2,0,""];let s=vr(o.boxes);return s===null?[1,0,o.name??""]:[0,s,o.name??""]};return[...t.entries()].map(([r,o])=>({key:r,floor:o,sort:e(r,o)})).sort((r,o)=>r.sort[0]-o.sort[0]||r.sort[1]-o.sort[1]||Ie.compare(r.sort[2],o.sort[2])).map(({key:r,floor:o})=>({key:r,name:o.name,level:o.level,areas:_r(o.boxes)}))}function _r(a){let t=new Map;for(let e of a){let r=e.area_id??"",o=t.get(r)??{key:r,name:e.area,boxes:[]};o.boxes.push(e),t.set(r,o)}return[...t.values()].sort((e,r)=>(e.key===""?1:0)-(r.key===""?1:0)||Ie.compare(e.name??"",r.name??"")).map(e=>({...e,boxes:[...e.boxes].sort((r,o)=>Ie.compare(r.name,o.name))}))}function Kt(a){let t=new Map;for(let e of a){if(e.device_id===null)continue;let r=t.get(e.device_id);r?r.push(e):t.set(e.device_id,[e])}return t}function br(a,t){let e=r=>{let o=Pe.indexOf(r);return o<0?Pe.length:o};return e(a)-e(t)||a.localeCompare(t)}var te=class extends f{constructor(){super(...arguments);this.language="en";this.open=[];this.compact=!1;this.basePath=""}render(){let{box:e,language:r}=this,o=ge(this.hass,e,this.open),s=`/config/devices/device/${encodeURIComponent(e.device_id)}`,n=[["area",e.area],["floor",e.floor??(e.level!==null?pe(r,e.level):null)],["location",e.location],["serial",e.serial],["transport",i(r,`transport_${e.transport}`)]];return l`
      <section class="card head">
        <div class="title">
          <h1>${e.name}</h1>
          ${he(r,o)}
        </div>
        <dl class="facts">
          ${n.filter(d=>d[1]!==null).map(([d,c])=>l`<div>
                  <dt class="secondary">${i(r,d)}</dt>
                  <dd>${c}</dd>
                </div>`)}
        </dl>
        <a
          class="btn"
          href=${s}
          @click=${d=>{T(d)&&(d.preventDefault(),E(s))}}
          >${Pt}${i(r,"open_device")}</a
        >
      </section>
      ${this.renderContactor()}
      <section class="card">
        <h2>${i(r,"live_values")}</h2>
        <dl class="values">${this.renderValues()}</dl>
      </section>
      <h2 class="alarms-heading">${i(r,"alarms_heading")}</h2>
      <safe-power-alarms
        .hass=${this.hass}
        .language=${r}
        .fleet=${this.fleet}
        .feed=${this.feed}
        .deviceId=${e.device_id}
        .basePath=${this.basePath}
        ?compact=${this.compact}
      ></safe-power-alarms>
      <safe-power-confirm
        .language=${r}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}renderContactor(){let{box:e,language:r}=this,o=e.entities.contactor;if(o===void 0)return p;let s=this.hass.states[o]?.state,n=s==="on"||s==="off";return l`
      <section class="card contactor ${s==="off"?"power_off":"normal"}">
        ${k}
        <div class="what">
          <div class="secondary">${i(r,"contactor")}</div>
          <div class="state">
            ${n?i(r,s==="on"?"contactor_on":"contactor_off"):this.stateWords(s)}
          </div>
        </div>
        ${this.fleet.can_power&&n?l`<button
                class="btn ${s==="on"?"danger":"primary"}"
                @click=${()=>this.askContactor(o,s==="off")}
              >
                ${k}${i(r,s==="on"?"power_off":"power_on")}
              </button>`:p}
      </section>
    `}askContactor(e,r){let{box:o,language:s}=this;this.confirm={heading:i(s,r?"power_on_title":"power_title"),body:i(s,r?"power_on_body":"power_body",{box:o.name}),details:me(s,o),confirm:i(s,r?"power_on":"power_off"),run:async()=>{try{await ft(this.hass,e,r)}catch(n){throw new Error(i(s,r?"power_on_error":"power_error",{error:b(n)}))}return i(s,r?"power_on_done":"power_done")}}}stateWords(e){return e===void 0||e==="unavailable"?i(this.language,"unavailable"):e==="unknown"?i(this.language,"unknown"):e}renderValues(){let{box:e,hass:r,language:o}=this,s=P(r,e,"connectivity"),n=Fe(e),d=Ue(r,e),c=[...e.entities.active_alarms?["active_alarms"]:[],...Be(e)];return[...e.entities.connectivity?[this.renderValue(Le(o,"connectivity"),s==="on"||s==="off"?i(o,s==="on"?"online":"state_offline"):this.stateWords(s),s==="off")]:[],...n.length?[this.renderValue(Le(o,"alarm"),d.length?d.map(u=>u==="alarm"?i(o,"alarm_on"):w(o,u.slice(6))).join(", "):n.some(u=>P(r,e,u)==="off")?i(o,"alarm_off"):this.stateWords(P(r,e,n[0])),d.length>0)]:[],...c.sort(br).map(u=>{let m=r.states[e.entities[u]??""],h=ve(z(r,e,u));return this.renderValue(U(o,u)??m?.attributes.friendly_name??u,h?B(C(r),h.value,h.unit):this.stateWords(m?.state),!1)})]}renderValue(e,r,o){return l`<div class=${o?"flagged":""}>
      <dt class="secondary">${e}</dt>
      <dd>${r}</dd>
    </div>`}};te.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},box:{attribute:!1},open:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},basePath:{attribute:!1},confirm:{state:!0}},te.styles=[$,g`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      section {
        padding: 16px;
      }
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
      }
      h1 {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 500;
      }
      h2 {
        margin: 0 0 12px;
        font-size: 1.1rem;
        font-weight: 500;
      }
      .alarms-heading {
        margin: 12px 0 0;
      }
      dl {
        margin: 0;
      }
      dd {
        margin: 0;
        font-weight: 500;
      }
      dt {
        font-size: 0.8rem;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 32px;
        margin: 12px 0 16px;
      }
      .head a.btn {
        text-decoration: none;
      }
      .contactor {
        display: flex;
        align-items: center;
        gap: 12px;
        border-left: 6px solid var(--sp-color);
      }
      .contactor > .icon {
        width: 28px;
        height: 28px;
        color: var(--sp-color);
      }
      .contactor .what {
        flex: 1;
      }
      .contactor .state {
        font-size: 1.1rem;
        font-weight: 500;
      }
      .values {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 12px 16px;
      }
      .values > div {
        padding: 8px 10px;
        border-radius: 8px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 4%, transparent);
      }
      .values dd {
        font-size: 1.15rem;
      }
      .values .flagged {
        background: color-mix(in srgb, var(--sp-alarm) 14%, transparent);
      }
      :host([compact]) .values {
        grid-template-columns: repeat(2, 1fr);
      }
      :host([compact]) .contactor {
        flex-wrap: wrap;
      }
      :host([compact]) .contactor .btn {
        width: 100%;
      }
    `];customElements.get("safe-power-box")||customElements.define("safe-power-box",te);var xr=Bt.filter(a=>a!=="normal"),re=class extends f{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.filter=null;this.search=""}render(){let{language:e,fleet:r}=this;if(r.boxes.length===0)return l`<p class="empty card">${i(e,"no_boxes")}</p>`;let o=new Map(r.boxes.map(c=>[c.device_id,ge(this.hass,c,this.open.get(c.device_id)??[])])),s=c=>[...o.values()].filter(u=>u===c).length,n=this.search.trim(),d=r.boxes.filter(c=>(this.filter===null||o.get(c.device_id)===this.filter)&&(n===""||Dt(c,n)));return l`
      <div class="counts" role="group">
        <button class="count" aria-pressed=${this.filter===null} @click=${()=>this.filter=null}>
          <span class="number">${r.boxes.length}</span>
          <span class="label">${i(e,"count_boxes")}</span>
        </button>
        ${xr.map(c=>l`
            <button
              class="count ${c}"
              aria-pressed=${this.filter===c}
              @click=${()=>this.filter=this.filter===c?null:c}
            >
              <span class="number">${s(c)}</span>
              <span class="label">${X[c]}${i(e,`state_${c}`)}</span>
            </button>
          `)}
      </div>
      <label class="search">
        ${Rt}
        <input
          type="search"
          .value=${this.search}
          placeholder=${i(e,"search")}
          aria-label=${i(e,"search")}
          @input=${c=>this.search=c.target.value}
        />
      </label>
      ${d.length===0?l`<p class="empty card">
              ${i(e,"no_match")}
              <button class="btn" @click=${this.showAll}>${i(e,"show_all")}</button>
            </p>`:zt(d).map(c=>this.renderFloor(c,o))}
    `}showAll(){this.filter=null,this.search=""}floorName(e){return e.name!==null?e.name:e.level!==null?pe(this.language,e.level):i(this.language,"no_floor")}renderFloor(e,r){return l`
      <section>
        <h2>${this.floorName(e)}</h2>
        <div class="areas">
          ${e.areas.map(o=>l`
              <div class="area" style="--boxes: ${Math.min(o.boxes.length,4)}">
                <h3>${o.name??i(this.language,"no_area")}</h3>
                <div class="tiles">
                  ${o.boxes.map(s=>this.renderTile(s,r.get(s.device_id)??"normal"))}
                </div>
              </div>
            `)}
        </div>
      </section>
    `}renderTile(e,r){let{hass:o,language:s}=this,n=`${this.basePath}/box/${encodeURIComponent(e.device_id)}`,d=this.open.get(e.device_id)??[],c=[["fig_current",ze,De(o,e,ze)],["fig_leakage",["leakage_current"],z(o,e,"leakage_current")],["fig_cable",Ve,De(o,e,Ve)],["fig_power",Ke,ve(Ut(o,e,Ke))]],u=[...new Set(d.map(m=>w(s,m.cause)))];return l`
      <a
        class="tile card ${r}"
        href=${n}
        @click=${m=>{T(m)&&(m.preventDefault(),E(n))}}
      >
        <div class="head">
          <span class="name">${e.name}</span>
          ${he(s,r)}
        </div>
        ${e.location?l`<div class="secondary place">${e.location}</div>`:p}
        <dl class="figures">
          ${c.filter(([,m])=>m.some(h=>e.entities[h]!==void 0)).map(([m,,h])=>l`
                <div>
                  <dt class="secondary">${i(s,m)}</dt>
                  <dd>
                    ${h?B(C(o),h.value,h.unit,xt(h.value)):i(s,"no_value")}
                  </dd>
                </div>
              `)}
        </dl>
        ${d.length?l`<div class="alarms ${r==="alarm"?"active":""}">
                ${i(s,"open_alarms",{count:d.length})} · ${u.join(", ")}
              </div>`:p}
      </a>
    `}};re.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},filter:{state:!0},search:{state:!0}},re.styles=[$,g`
      :host {
        display: block;
      }
      .counts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
        gap: 8px;
      }
      .count {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 2px;
        min-height: 64px;
        padding: 8px 14px;
        border-radius: var(--sp-radius);
        border: 1px solid var(--divider-color, #e0e0e0);
        border-left: 6px solid var(--sp-color, var(--primary-color, #03a9f4));
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        text-align: left;
      }
      .count[aria-pressed="true"] {
        background: color-mix(
          in srgb,
          var(--sp-color, var(--primary-color, #03a9f4)) 18%,
          var(--card-background-color, #fff)
        );
        border-color: var(--sp-color, var(--primary-color, #03a9f4));
      }
      .count .number {
        font-size: 1.6rem;
        font-weight: 500;
        line-height: 1.2;
      }
      .count .label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-size: 0.875rem;
        color: var(--secondary-text-color, #727272);
      }
      .count .label .icon {
        width: 16px;
        height: 16px;
        color: var(--sp-color);
      }
      .search {
        display: flex;
        align-items: center;
        gap: 8px;
        margin: 16px 0 4px;
        padding-left: 12px;
        border-radius: 8px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--card-background-color, #fff);
        color: var(--secondary-text-color, #727272);
      }
      .search input {
        flex: 1;
        min-width: 0;
        border: none;
        background: transparent;
      }
      .search input:focus-visible {
        outline: none;
      }
      .search:focus-within {
        outline: 2px solid var(--primary-color, #03a9f4);
      }
      h2 {
        margin: 24px 0 0;
        font-size: 1.25rem;
        font-weight: 500;
      }
      h3 {
        margin: 12px 0 8px;
        font-size: 0.95rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      /* Small areas side by side: each as wide as its tiles (up to four), wrapping as needed. */
      .areas {
        display: flex;
        flex-wrap: wrap;
        gap: 0 24px;
      }
      .area {
        flex: 1 1 calc(var(--boxes) * 272px);
        min-width: min(100%, 260px);
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
        gap: 12px;
      }
      .tile {
        display: block;
        padding: 12px 14px;
        border-left: 6px solid var(--sp-color);
        color: inherit;
        text-decoration: none;
      }
      .tile:hover {
        border-color: var(--sp-color);
      }
      .tile.alarm {
        border-color: var(--sp-alarm);
        animation: pulse 1.6s ease-out infinite;
      }
      @keyframes pulse {
        0% {
          box-shadow: 0 0 0 0 color-mix(in srgb, var(--sp-alarm) 70%, transparent);
        }
        100% {
          box-shadow: 0 0 0 10px transparent;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .tile.alarm {
          animation: none;
          box-shadow: 0 0 0 2px var(--sp-alarm);
        }
      }
      .head {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px;
      }
      .name {
        font-weight: 500;
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      .place {
        margin-top: 2px;
        font-size: 0.875rem;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(4, 1fr);
        gap: 4px;
        margin: 10px 0 0;
      }
      .figures dt {
        font-size: 0.75rem;
      }
      .figures dd {
        margin: 0;
        font-weight: 500;
        white-space: nowrap;
      }
      .alarms {
        margin-top: 8px;
        font-size: 0.875rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      .alarms.active {
        color: var(--sp-alarm);
      }
    `];customElements.get("safe-power-overview")||customElements.define("safe-power-overview",re);var yr="(max-width: 600px)",oe=class extends f{constructor(){super(...arguments);this.narrow=!1;this.feed=new ce;this.fleetError=null;this.feedError=null;this.started=!1;this.open=new D(this);this.phoneQuery=window.matchMedia(yr);this.phone=this.phoneQuery.matches;this.onPhoneChange=e=>{this.phone=e.matches}}connectedCallback(){super.connectedCallback(),this.phoneQuery.addEventListener("change",this.onPhoneChange),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.phoneQuery.removeEventListener("change",this.onPhoneChange),this.feed.stop(),this.started=!1}shouldUpdate(e){let r=e.get("hass"),{hass:o,fleet:s}=this;return e.size!==1||!r||!o||!s?!0:r.locale!==o.locale||r.language!==o.language||r.config!==o.config||r.dockedSidebar!==o.dockedSidebar||s.boxes.some(n=>Object.values(n.entities).some(d=>d!==void 0&&r.states[d]!==o.states[d]))}willUpdate(){this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(r=>{this.feedError=b(r)}),this.open.load(e,{states:["active","acknowledged"],limit:1e4}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await ut(e)}catch(r){this.fleetError=b(r)}}view(){let[,e,r]=(this.route?.path??"").split("/");return e==="alarms"?{tab:"alarms"}:e==="box"&&r?{tab:"box",deviceId:decodeURIComponent(r)}:{tab:"overview"}}get basePath(){return this.route?.prefix??""}toggleMenu(){this.dispatchEvent(new CustomEvent("hass-toggle-menu",{bubbles:!0,composed:!0}))}render(){let e=this.hass;if(!e)return p;let r=kt(e),o=this.view(),s=o.tab==="box"?this.fleet?.boxes.find(u=>u.device_id===o.deviceId):void 0,n=this.open.alarms.filter(u=>u.state==="active").length,d=this.narrow||e.dockedSidebar==="always_hidden",c=(u,m,h,_=0)=>l`
      <a
        role="tab"
        aria-selected=${h}
        href=${u}
        @click=${x=>{T(x)&&(x.preventDefault(),E(u))}}
        >${m}${_?l`<span class="badge">${_}</span>`:p}</a
      >
    `;return l`
      <header>
        <div class="toolbar">
          ${o.tab==="box"?l`<button
                  class="icon-button"
                  aria-label=${i(r,"back")}
                  @click=${()=>E(this.basePath)}
                >
                  ${Ct}
                </button>`:d?l`<button class="icon-button" aria-label=${i(r,"menu")} @click=${this.toggleMenu}>
                    ${St}
                  </button>`:p}
          <h1>${i(r,"title")}</h1>
        </div>
        <nav role="tablist">
          ${c(this.basePath||"/",i(r,"tab_overview"),o.tab==="overview")}
          ${c(`${this.basePath}/alarms`,i(r,"tab_alarms"),o.tab==="alarms",n)}
          ${o.tab==="box"?c(location.pathname,s?.name??o.deviceId,!0):p}
        </nav>
      </header>
      <main>
        ${this.feedError?l`<div class="banner" role="alert">${i(r,"feed_error",{message:this.feedError})}</div>`:p}
        ${this.open.error?l`<div class="banner" role="alert">${this.open.error}</div>`:p}
        ${this.renderView(e,r,o)}
      </main>
    `}renderView(e,r,o){let{fleet:s,basePath:n}=this,d=this.narrow||this.phone;if(this.fleetError!==null)return l`<div class="banner" role="alert">
        <span>${i(r,"fleet_error",{message:this.fleetError})}</span>
        <button class="btn" @click=${()=>this.loadFleet(e)}>${i(r,"retry")}</button>
      </div>`;if(!s)return l`<p class="empty" role="status">${i(r,"loading")}</p>`;if(o.tab==="alarms")return l`<safe-power-alarms
        .hass=${e}
        .language=${r}
        .fleet=${s}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${d}
      ></safe-power-alarms>`;let c=Kt(this.open.alarms);if(o.tab==="box"){let u=s.boxes.find(m=>m.device_id===o.deviceId);return u?l`<safe-power-box
        .hass=${e}
        .language=${r}
        .fleet=${s}
        .box=${u}
        .open=${c.get(u.device_id)??[]}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${d}
      ></safe-power-box>`:l`<p class="empty card">${i(r,"box_gone")}</p>`}return l`<safe-power-overview
      .hass=${e}
      .language=${r}
      .fleet=${s}
      .open=${c}
      .basePath=${n}
    ></safe-power-overview>`}};oe.properties={hass:{attribute:!1},narrow:{type:Boolean,reflect:!0},route:{attribute:!1},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0},phone:{state:!0}},oe.styles=[$,g`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color, #fafafa);
      }
      header {
        position: sticky;
        top: 0;
        z-index: 2;
        background: var(--app-header-background-color, var(--primary-color, #03a9f4));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        height: var(--header-height, 56px);
        padding: 0 16px;
      }
      :host([narrow]) .toolbar {
        padding: 0 4px;
      }
      h1 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 400;
      }
      .icon-button {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 48px;
        height: 48px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: inherit;
      }
      .icon-button .icon {
        width: 24px;
        height: 24px;
      }
      .icon-button:focus-visible {
        outline: 2px solid currentColor;
      }
      nav {
        display: flex;
        gap: 4px;
        padding: 0 8px;
        overflow-x: auto;
        scrollbar-width: none;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        min-height: 48px;
        padding: 0 16px;
        color: inherit;
        opacity: 0.8;
        text-decoration: none;
        font-weight: 500;
        white-space: nowrap;
        border-bottom: 2px solid transparent;
      }
      nav a[aria-selected="true"] {
        opacity: 1;
        border-bottom-color: currentColor;
      }
      nav a:focus-visible {
        outline: 2px solid currentColor;
        outline-offset: -2px;
      }
      .badge {
        min-width: 20px;
        padding: 0 6px;
        border-radius: 10px;
        background: var(--sp-alarm);
        color: #fff;
        font-size: 0.75rem;
        line-height: 20px;
        text-align: center;
      }
      main {
        max-width: 1440px;
        margin: 0 auto;
        padding: 16px;
      }
      main > .banner {
        margin-bottom: 12px;
      }
      @media (max-width: 600px) {
        main {
          padding: 12px 8px;
        }
      }
    `];customElements.get("safe-power-panel")||customElements.define("safe-power-panel",oe);export{oe as SafePowerPanel};
