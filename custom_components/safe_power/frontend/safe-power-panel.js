var Me=globalThis,Pe=Me.ShadowRoot&&(Me.ShadyCSS===void 0||Me.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,at=Symbol(),Ft=new WeakMap,pe=class{constructor(r,e,t){if(this._$cssResult$=!0,t!==at)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=r,this.t=e}get styleSheet(){let r=this.o,e=this.t;if(Pe&&r===void 0){let t=e!==void 0&&e.length===1;t&&(r=Ft.get(e)),r===void 0&&((this.o=r=new CSSStyleSheet).replaceSync(this.cssText),t&&Ft.set(e,r))}return r}toString(){return this.cssText}},Nt=o=>new pe(typeof o=="string"?o:o+"",void 0,at),b=(o,...r)=>{let e=o.length===1?o[0]:r.reduce((t,a,s)=>t+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(a)+o[s+1],o[0]);return new pe(e,o,at)},It=(o,r)=>{if(Pe)o.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of r){let t=document.createElement("style"),a=Me.litNonce;a!==void 0&&t.setAttribute("nonce",a),t.textContent=e.cssText,o.appendChild(t)}},ot=Pe?o=>o:o=>o instanceof CSSStyleSheet?(r=>{let e="";for(let t of r.cssRules)e+=t.cssText;return Nt(e)})(o):o;var{is:Fr,defineProperty:Nr,getOwnPropertyDescriptor:Ir,getOwnPropertyNames:Hr,getOwnPropertySymbols:Or,getPrototypeOf:Br}=Object,Le=globalThis,Ht=Le.trustedTypes,Dr=Ht?Ht.emptyScript:"",Ur=Le.reactiveElementPolyfillSupport,me=(o,r)=>o,st={toAttribute(o,r){switch(r){case Boolean:o=o?Dr:null;break;case Object:case Array:o=o==null?o:JSON.stringify(o)}return o},fromAttribute(o,r){let e=o;switch(r){case Boolean:e=o!==null;break;case Number:e=o===null?null:Number(o);break;case Object:case Array:try{e=JSON.parse(o)}catch{e=null}}return e}},Bt=(o,r)=>!Fr(o,r),Ot={attribute:!0,type:String,converter:st,reflect:!1,useDefault:!1,hasChanged:Bt};Symbol.metadata??=Symbol("metadata"),Le.litPropertyMetadata??=new WeakMap;var N=class extends HTMLElement{static addInitializer(r){this._$Ei(),(this.l??=[]).push(r)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(r,e=Ot){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(r)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(r,e),!e.noAccessor){let t=Symbol(),a=this.getPropertyDescriptor(r,t,e);a!==void 0&&Nr(this.prototype,r,a)}}static getPropertyDescriptor(r,e,t){let{get:a,set:s}=Ir(this.prototype,r)??{get(){return this[e]},set(n){this[e]=n}};return{get:a,set(n){let p=a?.call(this);s?.call(this,n),this.requestUpdate(r,p,t)},configurable:!0,enumerable:!0}}static getPropertyOptions(r){return this.elementProperties.get(r)??Ot}static _$Ei(){if(this.hasOwnProperty(me("elementProperties")))return;let r=Br(this);r.finalize(),r.l!==void 0&&(this.l=[...r.l]),this.elementProperties=new Map(r.elementProperties)}static finalize(){if(this.hasOwnProperty(me("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(me("properties"))){let e=this.properties,t=[...Hr(e),...Or(e)];for(let a of t)this.createProperty(a,e[a])}let r=this[Symbol.metadata];if(r!==null){let e=litPropertyMetadata.get(r);if(e!==void 0)for(let[t,a]of e)this.elementProperties.set(t,a)}this._$Eh=new Map;for(let[e,t]of this.elementProperties){let a=this._$Eu(e,t);a!==void 0&&this._$Eh.set(a,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(r){let e=[];if(Array.isArray(r)){let t=new Set(r.flat(1/0).reverse());for(let a of t)e.unshift(ot(a))}else r!==void 0&&e.push(ot(r));return e}static _$Eu(r,e){let t=e.attribute;return t===!1?void 0:typeof t=="string"?t:typeof r=="string"?r.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(r=>this.enableUpdating=r),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(r=>r(this))}addController(r){(this._$EO??=new Set).add(r),this.renderRoot!==void 0&&this.isConnected&&r.hostConnected?.()}removeController(r){this._$EO?.delete(r)}_$E_(){let r=new Map,e=this.constructor.elementProperties;for(let t of e.keys())this.hasOwnProperty(t)&&(r.set(t,this[t]),delete this[t]);r.size>0&&(this._$Ep=r)}createRenderRoot(){let r=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return It(r,this.constructor.elementStyles),r}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(r=>r.hostConnected?.())}enableUpdating(r){}disconnectedCallback(){this._$EO?.forEach(r=>r.hostDisconnected?.())}attributeChangedCallback(r,e,t){this._$AK(r,t)}_$ET(r,e){let t=this.constructor.elementProperties.get(r),a=this.constructor._$Eu(r,t);if(a!==void 0&&t.reflect===!0){let s=(t.converter?.toAttribute!==void 0?t.converter:st).toAttribute(e,t.type);this._$Em=r,s==null?this.removeAttribute(a):this.setAttribute(a,s),this._$Em=null}}_$AK(r,e){let t=this.constructor,a=t._$Eh.get(r);if(a!==void 0&&this._$Em!==a){let s=t.getPropertyOptions(a),n=typeof s.converter=="function"?{fromAttribute:s.converter}:s.converter?.fromAttribute!==void 0?s.converter:st;this._$Em=a;let p=n.fromAttribute(e,s.type);this[a]=p??this._$Ej?.get(a)??p,this._$Em=null}}requestUpdate(r,e,t,a=!1,s){if(r!==void 0){let n=this.constructor;if(a===!1&&(s=this[r]),t??=n.getPropertyOptions(r),!((t.hasChanged??Bt)(s,e)||t.useDefault&&t.reflect&&s===this._$Ej?.get(r)&&!this.hasAttribute(n._$Eu(r,t))))return;this.C(r,e,t)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(r,e,{useDefault:t,reflect:a,wrapped:s},n){t&&!(this._$Ej??=new Map).has(r)&&(this._$Ej.set(r,n??e??this[r]),s!==!0||n!==void 0)||(this._$AL.has(r)||(this.hasUpdated||t||(e=void 0),this._$AL.set(r,e)),a===!0&&this._$Em!==r&&(this._$Eq??=new Set).add(r))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let r=this.scheduleUpdate();return r!=null&&await r,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[a,s]of this._$Ep)this[a]=s;this._$Ep=void 0}let t=this.constructor.elementProperties;if(t.size>0)for(let[a,s]of t){let{wrapped:n}=s,p=this[a];n!==!0||this._$AL.has(a)||p===void 0||this.C(a,void 0,s,p)}}let r=!1,e=this._$AL;try{r=this.shouldUpdate(e),r?(this.willUpdate(e),this._$EO?.forEach(t=>t.hostUpdate?.()),this.update(e)):this._$EM()}catch(t){throw r=!1,this._$EM(),t}r&&this._$AE(e)}willUpdate(r){}_$AE(r){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(r)),this.updated(r)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(r){return!0}update(r){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(r){}firstUpdated(r){}};N.elementStyles=[],N.shadowRootOptions={mode:"open"},N[me("elementProperties")]=new Map,N[me("finalized")]=new Map,Ur?.({ReactiveElement:N}),(Le.reactiveElementVersions??=[]).push("2.1.2");var mt=globalThis,Dt=o=>o,Fe=mt.trustedTypes,Ut=Fe?Fe.createPolicy("lit-html",{createHTML:o=>o}):void 0,Wt="$lit$",O=`lit$${Math.random().toFixed(9).slice(2)}$`,Gt="?"+O,zr=`<${Gt}>`,W=document,he=()=>W.createComment(""),fe=o=>o===null||typeof o!="object"&&typeof o!="function",ut=Array.isArray,Kr=o=>ut(o)||typeof o?.[Symbol.iterator]=="function",nt=`[ 	
\f\r]`,ue=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,zt=/-->/g,Kt=/>/g,j=RegExp(`>|${nt}(?:([^\\s"'>=/]+)(${nt}*=${nt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Vt=/'/g,jt=/"/g,Qt=/^(?:script|style|textarea|title)$/i,ht=o=>(r,...e)=>({_$litType$:o,strings:r,values:e}),c=ht(1),y=ht(2),ka=ht(3),G=Symbol.for("lit-noChange"),m=Symbol.for("lit-nothing"),qt=new WeakMap,q=W.createTreeWalker(W,129);function Yt(o,r){if(!ut(o)||!o.hasOwnProperty("raw"))throw Error("invalid template strings array");return Ut!==void 0?Ut.createHTML(r):r}var Vr=(o,r)=>{let e=o.length-1,t=[],a,s=r===2?"<svg>":r===3?"<math>":"",n=ue;for(let p=0;p<e;p++){let l=o[p],d,u,h=-1,f=0;for(;f<l.length&&(n.lastIndex=f,u=n.exec(l),u!==null);)f=n.lastIndex,n===ue?u[1]==="!--"?n=zt:u[1]!==void 0?n=Kt:u[2]!==void 0?(Qt.test(u[2])&&(a=RegExp("</"+u[2],"g")),n=j):u[3]!==void 0&&(n=j):n===j?u[0]===">"?(n=a??ue,h=-1):u[1]===void 0?h=-2:(h=n.lastIndex-u[2].length,d=u[1],n=u[3]===void 0?j:u[3]==='"'?jt:Vt):n===jt||n===Vt?n=j:n===zt||n===Kt?n=ue:(n=j,a=void 0);let v=n===j&&o[p+1].startsWith("/>")?" ":"";s+=n===ue?l+zr:h>=0?(t.push(d),l.slice(0,h)+Wt+l.slice(h)+O+v):l+O+(h===-2?p:v)}return[Yt(o,s+(o[e]||"<?>")+(r===2?"</svg>":r===3?"</math>":"")),t]},ge=class o{constructor({strings:r,_$litType$:e},t){let a;this.parts=[];let s=0,n=0,p=r.length-1,l=this.parts,[d,u]=Vr(r,e);if(this.el=o.createElement(d,t),q.currentNode=this.el.content,e===2||e===3){let h=this.el.content.firstChild;h.replaceWith(...h.childNodes)}for(;(a=q.nextNode())!==null&&l.length<p;){if(a.nodeType===1){if(a.hasAttributes())for(let h of a.getAttributeNames())if(h.endsWith(Wt)){let f=u[n++],v=a.getAttribute(h).split(O),w=/([.?@])?(.*)/.exec(f);l.push({type:1,index:s,name:w[2],strings:v,ctor:w[1]==="."?lt:w[1]==="?"?ct:w[1]==="@"?dt:Z}),a.removeAttribute(h)}else h.startsWith(O)&&(l.push({type:6,index:s}),a.removeAttribute(h));if(Qt.test(a.tagName)){let h=a.textContent.split(O),f=h.length-1;if(f>0){a.textContent=Fe?Fe.emptyScript:"";for(let v=0;v<f;v++)a.append(h[v],he()),q.nextNode(),l.push({type:2,index:++s});a.append(h[f],he())}}}else if(a.nodeType===8)if(a.data===Gt)l.push({type:2,index:s});else{let h=-1;for(;(h=a.data.indexOf(O,h+1))!==-1;)l.push({type:7,index:s}),h+=O.length-1}s++}}static createElement(r,e){let t=W.createElement("template");return t.innerHTML=r,t}};function J(o,r,e=o,t){if(r===G)return r;let a=t!==void 0?e._$Co?.[t]:e._$Cl,s=fe(r)?void 0:r._$litDirective$;return a?.constructor!==s&&(a?._$AO?.(!1),s===void 0?a=void 0:(a=new s(o),a._$AT(o,e,t)),t!==void 0?(e._$Co??=[])[t]=a:e._$Cl=a),a!==void 0&&(r=J(o,a._$AS(o,r.values),a,t)),r}var it=class{constructor(r,e){this._$AV=[],this._$AN=void 0,this._$AD=r,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(r){let{el:{content:e},parts:t}=this._$AD,a=(r?.creationScope??W).importNode(e,!0);q.currentNode=a;let s=q.nextNode(),n=0,p=0,l=t[0];for(;l!==void 0;){if(n===l.index){let d;l.type===2?d=new _e(s,s.nextSibling,this,r):l.type===1?d=new l.ctor(s,l.name,l.strings,this,r):l.type===6&&(d=new pt(s,this,r)),this._$AV.push(d),l=t[++p]}n!==l?.index&&(s=q.nextNode(),n++)}return q.currentNode=W,a}p(r){let e=0;for(let t of this._$AV)t!==void 0&&(t.strings!==void 0?(t._$AI(r,t,e),e+=t.strings.length-2):t._$AI(r[e])),e++}},_e=class o{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(r,e,t,a){this.type=2,this._$AH=m,this._$AN=void 0,this._$AA=r,this._$AB=e,this._$AM=t,this.options=a,this._$Cv=a?.isConnected??!0}get parentNode(){let r=this._$AA.parentNode,e=this._$AM;return e!==void 0&&r?.nodeType===11&&(r=e.parentNode),r}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(r,e=this){r=J(this,r,e),fe(r)?r===m||r==null||r===""?(this._$AH!==m&&this._$AR(),this._$AH=m):r!==this._$AH&&r!==G&&this._(r):r._$litType$!==void 0?this.$(r):r.nodeType!==void 0?this.T(r):Kr(r)?this.k(r):this._(r)}O(r){return this._$AA.parentNode.insertBefore(r,this._$AB)}T(r){this._$AH!==r&&(this._$AR(),this._$AH=this.O(r))}_(r){this._$AH!==m&&fe(this._$AH)?this._$AA.nextSibling.data=r:this.T(W.createTextNode(r)),this._$AH=r}$(r){let{values:e,_$litType$:t}=r,a=typeof t=="number"?this._$AC(r):(t.el===void 0&&(t.el=ge.createElement(Yt(t.h,t.h[0]),this.options)),t);if(this._$AH?._$AD===a)this._$AH.p(e);else{let s=new it(a,this),n=s.u(this.options);s.p(e),this.T(n),this._$AH=s}}_$AC(r){let e=qt.get(r.strings);return e===void 0&&qt.set(r.strings,e=new ge(r)),e}k(r){ut(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,t,a=0;for(let s of r)a===e.length?e.push(t=new o(this.O(he()),this.O(he()),this,this.options)):t=e[a],t._$AI(s),a++;a<e.length&&(this._$AR(t&&t._$AB.nextSibling,a),e.length=a)}_$AR(r=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);r!==this._$AB;){let t=Dt(r).nextSibling;Dt(r).remove(),r=t}}setConnected(r){this._$AM===void 0&&(this._$Cv=r,this._$AP?.(r))}},Z=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(r,e,t,a,s){this.type=1,this._$AH=m,this._$AN=void 0,this.element=r,this.name=e,this._$AM=a,this.options=s,t.length>2||t[0]!==""||t[1]!==""?(this._$AH=Array(t.length-1).fill(new String),this.strings=t):this._$AH=m}_$AI(r,e=this,t,a){let s=this.strings,n=!1;if(s===void 0)r=J(this,r,e,0),n=!fe(r)||r!==this._$AH&&r!==G,n&&(this._$AH=r);else{let p=r,l,d;for(r=s[0],l=0;l<s.length-1;l++)d=J(this,p[t+l],e,l),d===G&&(d=this._$AH[l]),n||=!fe(d)||d!==this._$AH[l],d===m?r=m:r!==m&&(r+=(d??"")+s[l+1]),this._$AH[l]=d}n&&!a&&this.j(r)}j(r){r===m?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,r??"")}},lt=class extends Z{constructor(){super(...arguments),this.type=3}j(r){this.element[this.name]=r===m?void 0:r}},ct=class extends Z{constructor(){super(...arguments),this.type=4}j(r){this.element.toggleAttribute(this.name,!!r&&r!==m)}},dt=class extends Z{constructor(r,e,t,a,s){super(r,e,t,a,s),this.type=5}_$AI(r,e=this){if((r=J(this,r,e,0)??m)===G)return;let t=this._$AH,a=r===m&&t!==m||r.capture!==t.capture||r.once!==t.once||r.passive!==t.passive,s=r!==m&&(t===m||a);a&&this.element.removeEventListener(this.name,this,t),s&&this.element.addEventListener(this.name,this,r),this._$AH=r}handleEvent(r){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,r):this._$AH.handleEvent(r)}},pt=class{constructor(r,e,t){this.element=r,this.type=6,this._$AN=void 0,this._$AM=e,this.options=t}get _$AU(){return this._$AM._$AU}_$AI(r){J(this,r)}};var jr=mt.litHtmlPolyfillSupport;jr?.(ge,_e),(mt.litHtmlVersions??=[]).push("3.3.3");var Xt=(o,r,e)=>{let t=e?.renderBefore??r,a=t._$litPart$;if(a===void 0){let s=e?.renderBefore??null;t._$litPart$=a=new _e(r.insertBefore(he(),s),s,void 0,e??{})}return a._$AI(o),a};var ft=globalThis,x=class extends N{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let r=super.createRenderRoot();return this.renderOptions.renderBefore??=r.firstChild,r}update(r){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(r),this._$Do=Xt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return G}};x._$litElement$=!0,x.finalized=!0,ft.litElementHydrateSupport?.({LitElement:x});var qr=ft.litElementPolyfillSupport;qr?.({LitElement:x});(ft.litElementVersions??=[]).push("4.2.2");var gt=["connectivity","alarm","active_alarms","contactor","current_a","current_b","current_c","current_n","voltage_a","voltage_b","voltage_c","line_voltage_ab","line_voltage_bc","line_voltage_ca","leakage_current","cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n","box_temperature","power","active_power","active_power_a","active_power_b","active_power_c","power_factor","frequency","energy","unbalance","voltage_unbalance","current_unbalance","voltage_qualification_rate","overcurrent_threshold","leakage_threshold","cable_temperature_threshold","box_temperature_threshold","overvoltage_threshold","undervoltage_threshold"],Jt=["active","acknowledged","cleared"],B=["active","acknowledged"],Zt=["overcurrent","leakage","cable_over_temperature","box_over_temperature","overvoltage","undervoltage","phase_loss","unbalance","power_fault","sensor_fault","contactor_tripped","offline","gateway_unreachable"],er=["offline","gateway_unreachable"];var te=o=>o.callWS({type:"safe_power/fleet"}),Ne=(o,r)=>o.callWS({type:"safe_power/alarms",...r}),tr=(o,r)=>o.callWS({type:"safe_power/acknowledge",alarm_ids:r}),rr=(o,r)=>o.callWS({type:"safe_power/power_off",alarm_id:r}),ar=(o,r,e)=>o.callService("switch",e?"turn_on":"turn_off",{entity_id:r}),or=["day","month","year","custom"],sr=["sharp","peak","flat","valley"];async function nr(o,r){let{response:e}=await o.callService("safe_power","report",{...r},void 0,!1,!0);if(typeof e!="object"||e===null||!("summary"in e))throw new Error("safe_power.report answered without a report");return e}function A(o){if(typeof o=="object"&&o!==null&&"message"in o){let{message:r}=o;if(typeof r=="string"&&r)return r}return String(o)}function ir(o,r){let e=(a,s)=>a===void 0||a.includes(s),t=Date.parse(o.time);return e(r.states,o.state)&&e(r.causes,o.cause)&&e(r.area_ids,o.area_id??"")&&e(r.device_ids,o.device_id??"")&&(r.start===void 0||t>=Date.parse(r.start))&&(r.end===void 0||t<=Date.parse(r.end))}var ee=class{constructor(){this.listeners=new Set;this.resync=()=>this.listeners.forEach(r=>r.onResync())}start(r){return this.subscription||(this.connection=r.connection,this.connection.addEventListener("ready",this.resync),this.subscription=r.connection.subscribeMessage(e=>this.listeners.forEach(t=>t.onEvent(e)),{type:"safe_power/subscribe_alarms"})),this.subscription}stop(){let r=this.subscription;this.subscription=void 0,this.connection?.removeEventListener("ready",this.resync),this.connection=void 0,r?.then(e=>e()).catch(()=>{})}listen(r){return this.listeners.add(r),()=>this.listeners.delete(r)}};var k=o=>o.locale?.language??o.language,lr=new Map;function cr(o,r){let e=lr.get(o);return e||(e=r(),lr.set(o,e)),e}function dr(o){let r=Math.abs(o);return r>=100?1:r>=10?2:3}function pr(o){let r=Math.abs(o);return r>=100?0:r>=10?1:2}function M(o,r,e=dr(r)){return cr(`n|${o}|${e}`,()=>{try{return new Intl.NumberFormat(o,{maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{maximumFractionDigits:e})}}).format(r)}var mr=(o,r)=>M(o,r*100,0)+"%";function I(o,r,e,t=dr(r)){let a=M(o,r,t);return e?e==="%"?`${a}%`:`${a} ${e}`:a}function ur(o,r){if(r.value===null)return"";let e=I(o,r.value,r.unit);if(r.threshold===null||r.limit===null)return e;let t=r.limit==="above"?">":"<";return`${e} ${t} ${I(o,r.threshold,r.unit)}`}function _t(o,r,e=k(o)){let t=o.config.time_zone;return cr(`d|${e}|${t}|${JSON.stringify(r)}`,()=>{try{return new Intl.DateTimeFormat(e,{...r,timeZone:t})}catch{return new Intl.DateTimeFormat(void 0,r)}})}var re=(o,r)=>_t(o,{dateStyle:"medium",timeStyle:"medium"}).format(new Date(r));function D(o,r){let e=_t(o,{year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",hourCycle:"h23"},"en").formatToParts(new Date(r)),t=a=>e.find(s=>s.type===a)?.value??"";return`${t("year")}-${t("month")}-${t("day")} ${t("hour")}:${t("minute")}:${t("second")}`}var hr=(o,r)=>_t(o,{dateStyle:"medium",timeStyle:"short"}).format(new Date(r)),ae=o=>D(o,new Date().toISOString()).slice(0,16).replace(" ","T");function vt(o,r){let[e,t]=r.split("T"),[a,s,n]=e.split("-").map(Number),[p,l]=t.split(":").map(Number),d=Date.UTC(a,s-1,n,p,l),u=w=>{let[R,g]=D(o,new Date(w).toISOString()).split(" "),[F,_,T]=R.split("-").map(Number),[X,de,Lr]=g.split(":").map(Number);return Math.round((Date.UTC(F,_-1,T,X,de,Lr)-w)/6e4)},h=u(d-u(d)*6e4),f=w=>String(w).padStart(2,"0"),v=Math.abs(h);return`${e}T${f(p)}:${f(l)}:00${h<0?"-":"+"}${f(Math.floor(v/60))}:${f(v%60)}`}function fr(o,r){let[e,t,a]=o.split("-").map(Number);return new Date(Date.UTC(e,t-1,a+r)).toISOString().slice(0,10)}var gr=o=>o.toLowerCase().startsWith("zh")?"zh":"en",Ie=o=>gr(o.locale?.language??o.language),He=()=>gr(document.documentElement.lang),bt={en:"English",zh:"中文"},Wr={title:"Safe Power",menu:"Menu",tab_overview:"Overview",tab_alarms:"Alarms",tab_plan:"Floor plan",tab_reports:"Reports",back:"Back",loading:"Loading…",retry:"Retry",close:"Close",cancel:"Cancel",working:"Working…",fleet_error:"Could not read the boxes: {message}",feed_error:"Live alarm updates are off: {message}",no_boxes:"No Safe Power boxes yet: add a gateway or an MQTT box in Settings → Devices & services",box_gone:"This box is no longer in Safe Power.",state_normal:"Normal",state_warning:"Alarm acknowledged",state_alarm:"Alarm",state_offline:"Offline",state_power_off:"Power off",count_boxes:"Boxes",search:"Search name, area, location, serial",no_match:"No box matches.",show_all:"Show all",floor_ground:"Ground floor",floor_above:"Floor {level}",floor_below:"Basement {level}",no_floor:"No floor",no_area:"No area",fig_current:"Current",fig_leakage:"Leakage",fig_cable:"Cable",fig_power:"Power",open_alarms:"Open alarms: {count}",filter_state:"State",filter_cause:"Cause",filter_area:"Area",filter_time:"Time",all_states:"All",all_causes:"All causes",all_areas:"All areas",range_day:"Last 24 h",range_week:"Last 7 days",range_month:"Last 30 days",range_all:"All time",alarm_active:"Active",alarm_acknowledged:"Acknowledged",alarm_cleared:"Cleared",alarm_open:"Not cleared",col_time:"Time",col_box:"Box",col_cause:"Cause",col_value:"Value / limit",col_state:"State",col_actions:"Actions",acknowledge:"Acknowledge",acknowledge_all:"Acknowledge all ({count})",power_off:"Power off",power_on:"Power on",export_csv:"Export CSV",no_alarms:"No alarms match these filters.",no_box_alarms:"No alarms for this box.",showing:"{shown} of {total}",show_more:"Show more",acknowledged_by:"Acknowledged by {who} · {time}",cleared_at:"Cleared · {time}",received_late:"Received late · {time}",power_by:"{command} by {who} · {time}",power_box:"({box})",power_line:"{action}: {result}",who_via:"{user} ({via})",power_confirmed:"confirmed by read-back",power_failed:"failed: {error}",covered:"Covered by the detector's alarm",origin_device:"Detector",origin_home_assistant:"Home Assistant",origin_user_limit:"User limit",via_app:"phone",via_dashboard:"dashboard",via_service:"action",via_automation:"automation",more:"More",less:"Less",likelihood:"{percent} likely",power_title:"Cut the power?",power_body:"The contactor of {box} opens: everything this box supplies loses power until it is switched on again.",power_on_title:"Restore the power?",power_on_body:"The contactor of {box} closes and the power returns. Make sure nobody is working on its circuits.",power_for:"For: {cause}",power_done:"Power cut, confirmed by read-back",power_on_done:"Power restored, confirmed by read-back",power_error:"Power off failed: {error}",power_on_error:"Power on failed: {error}",serial:"Serial",transport:"Connection",area:"Area",floor:"Floor",location:"Location",contactor:"Contactor",contactor_on:"Closed: power on",contactor_off:"Open: power off",live_values:"Live values",alarms_heading:"Alarms",open_device:"Open device page",unavailable:"Unavailable",unknown:"Unknown",online:"Online",alarm_on:"Alarm",alarm_off:"No alarm",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}: {value}",csv_file:"safe-power-alarms",csv_time:"Time",csv_received:"Received",csv_box:"Box",csv_serial:"Serial",csv_area:"Area",csv_location:"Location",csv_floor:"Floor",csv_cause:"Cause",csv_origin:"Raised by",csv_value:"Value",csv_threshold:"Limit",csv_unit:"Unit",csv_channel:"Measurement",csv_state:"State",csv_ack_by:"Acknowledged by",csv_ack_at:"Acknowledged at",csv_cleared:"Cleared at",csv_power:"Power actions",csv_diagnosis:"Diagnosis",csv_covered:"Covered by",report_period:"Period",report_day:"Day",report_month:"Month",report_year:"Year",report_custom:"From… to…",report_date_day:"Day",report_date_month:"Any day of the month",report_date_year:"Any day of the year",report_start:"From",report_end:"To",report_bad_range:"The end must come after the start.",report_scope:"Boxes",scope_all:"All boxes",scope_area:"One area",scope_boxes:"Chosen boxes",report_pick_boxes:"Choose at least one box.",report_language:"Language",make_report:"Make the report",making_report:"Making the report…",report_slow:"A year's report can take a few seconds.",report_error:"The report failed: {message}",report_title:"Report {label}",report_scope_count:"{count} boxes",report_no_data:"Nothing was recorded for these boxes in this period: no statistics, no alarms.",fig_energy:"Energy",fig_max_demand:"Maximum demand",fig_qualification:"Voltage qualification rate",fig_alarms:"Alarms",no_data:"No data",demand_at:"at {time}",alarms_open:"{count} not cleared",alarms_unacknowledged:"{count} not acknowledged",alarms_covered:"{count} more covered by the detector's alarm, not counted",worst_box:"Most alarms: {box} ({count})",period_sharp:"Critical peak",period_peak:"Peak",period_flat:"Flat",period_valley:"Valley",by_cause:"Alarms by cause",no_report_alarms:"No alarms in this period.",open_printable:"Open the printable report",download_csv:"Download CSV",report_no_files:"Home Assistant sent no links to the report's files (it has no web server).",plan_none:"No box has a position on a floor plan yet.",plan_label:"Floor plan: {floor}",plan_grid:"Grid: {step} m · north is up",plan_north:"N",on_map:"On the map",on_map_hint:"These boxes have a latitude and longitude, but no position on a floor plan.",open_map:"Open the map",not_placed:"Not placed",not_placed_hint:"Give a box its place (x/y in metres from a corner of the building, or its latitude and longitude) where you change its name and location: Settings → Devices & services → Safe Power.",card_alarms_name:"Safe Power alarms",card_alarms_description:"The alarm list: acknowledge alarms and cut the power from a dashboard.",card_box_name:"Safe Power box",card_box_description:"One box: its state, key figures, contactor and alarms not yet cleared.",none_active:"No active alarms.",none_acknowledged:"No acknowledged alarms.",none_open:"No alarms left to clear.",none_all:"No alarms.",open_panel:"Open in Safe Power",card_bad_config:"The card's configuration must be a mapping (key: value).",card_bad_state:"state must be active, acknowledged or all, not {value}.",card_bad_limit:"limit must be a whole number from 1 to 100, not {value}.",card_bad_area:"area_id must be the id of an area (text), not {value}.",card_need_device:"give device_id: the device id of a Safe Power box (the end of its device page's address).",card_no_box:"No Safe Power box has the device id {id}."},Gr={title:"安全用电",menu:"菜单",tab_overview:"总览",tab_alarms:"报警",tab_plan:"平面图",tab_reports:"报表",back:"返回",loading:"加载中…",retry:"重试",close:"关闭",cancel:"取消",working:"执行中…",fleet_error:"读取配电箱失败：{message}",feed_error:"报警实时推送已中断：{message}",no_boxes:"还没有安全用电配电箱：请在“设置 → 设备与服务”中添加网关或 MQTT 配电箱",box_gone:"该配电箱已不在安全用电中。",state_normal:"正常",state_warning:"报警已确认",state_alarm:"报警",state_offline:"离线",state_power_off:"已断电",count_boxes:"配电箱",search:"搜索名称、区域、安装位置、编号",no_match:"没有符合条件的配电箱。",show_all:"显示全部",floor_ground:"1 层",floor_above:"{level} 层",floor_below:"地下 {level} 层",no_floor:"未设楼层",no_area:"未分配区域",fig_current:"电流",fig_leakage:"剩余电流",fig_cable:"线缆温度",fig_power:"功率",open_alarms:"未恢复报警：{count}",filter_state:"状态",filter_cause:"报警类型",filter_area:"区域",filter_time:"时间",all_states:"全部",all_causes:"全部类型",all_areas:"全部区域",range_day:"近 24 小时",range_week:"近 7 天",range_month:"近 30 天",range_all:"全部时间",alarm_active:"未确认",alarm_acknowledged:"已确认",alarm_cleared:"已恢复",alarm_open:"未恢复",col_time:"时间",col_box:"配电箱",col_cause:"报警类型",col_value:"测量值 / 报警值",col_state:"状态",col_actions:"操作",acknowledge:"确认",acknowledge_all:"全部确认（{count}）",power_off:"分闸断电",power_on:"合闸送电",export_csv:"导出 CSV",no_alarms:"没有符合条件的报警。",no_box_alarms:"该配电箱没有报警记录。",showing:"显示 {shown} 条，共 {total} 条",show_more:"加载更多",acknowledged_by:"{who} 已确认 · {time}",cleared_at:"已恢复 · {time}",received_late:"延迟接收 · {time}",power_by:"{who} {command} · {time}",power_box:"（{box}）",power_line:"{action}：{result}",who_via:"{user}（{via}）",power_confirmed:"已回读确认",power_failed:"失败：{error}",covered:"已由探测器报警覆盖",origin_device:"探测器",origin_home_assistant:"Home Assistant",origin_user_limit:"自定义限值",via_app:"手机",via_dashboard:"控制面板",via_service:"服务调用",via_automation:"自动化",more:"展开",less:"收起",likelihood:"可能性 {percent}",power_title:"确认分闸断电？",power_body:"将断开 {box} 的接触器，该箱所带负载全部断电，直到重新合闸。",power_on_title:"确认合闸送电？",power_on_body:"将闭合 {box} 的接触器恢复供电。请确认无人在该箱回路上作业。",power_for:"报警：{cause}",power_done:"已分闸断电，已回读确认",power_on_done:"已合闸送电，已回读确认",power_error:"分闸失败：{error}",power_on_error:"合闸失败：{error}",serial:"编号",transport:"通信方式",area:"区域",floor:"楼层",location:"安装位置",contactor:"接触器",contactor_on:"合闸（供电中）",contactor_off:"分闸（已断电）",live_values:"实时数据",alarms_heading:"报警记录",open_device:"打开设备页面",unavailable:"不可用",unknown:"未知",online:"在线",alarm_on:"报警",alarm_off:"无报警",transport_modbus:"Modbus",transport_mqtt:"MQTT",no_value:"—",labelled:"{label}：{value}",csv_file:"安全用电报警记录",csv_time:"报警时间",csv_received:"接收时间",csv_box:"配电箱",csv_serial:"编号",csv_area:"区域",csv_location:"安装位置",csv_floor:"楼层",csv_cause:"报警类型",csv_origin:"报警来源",csv_value:"测量值",csv_threshold:"报警值",csv_unit:"单位",csv_channel:"测量项",csv_state:"状态",csv_ack_by:"确认人",csv_ack_at:"确认时间",csv_cleared:"恢复时间",csv_power:"断电操作",csv_diagnosis:"诊断",csv_covered:"覆盖该报警的报警",report_period:"报表周期",report_day:"日报",report_month:"月报",report_year:"年报",report_custom:"自定义时段",report_date_day:"日期",report_date_month:"月份（选该月任一天）",report_date_year:"年份（选该年任一天）",report_start:"开始时间",report_end:"结束时间",report_bad_range:"结束时间须晚于开始时间。",report_scope:"统计范围",scope_all:"全部配电箱",scope_area:"按区域",scope_boxes:"指定配电箱",report_pick_boxes:"请至少选择一个配电箱。",report_language:"报表语言",make_report:"生成报表",making_report:"正在生成报表…",report_slow:"年报数据较多，可能需要几秒钟。",report_error:"生成报表失败：{message}",report_title:"{label} 报表",report_scope_count:"共 {count} 个配电箱",report_no_data:"这些配电箱本期没有任何记录：既无统计数据，也无报警。",fig_energy:"用电量",fig_max_demand:"最大需量",fig_qualification:"电压合格率",fig_alarms:"报警次数",no_data:"无数据",demand_at:"出现于 {time}",alarms_open:"未恢复 {count} 条",alarms_unacknowledged:"未确认 {count} 条",alarms_covered:"另有 {count} 条已由探测器报警覆盖，未计入",worst_box:"报警最多：{box}（{count} 条）",period_sharp:"尖峰",period_peak:"峰",period_flat:"平",period_valley:"谷",by_cause:"报警分类统计",no_report_alarms:"本期无报警。",open_printable:"打开可打印报表",download_csv:"下载 CSV",report_no_files:"Home Assistant 未返回报表文件的链接（未启用网页服务）。",plan_none:"还没有配电箱标注平面位置。",plan_label:"{floor}平面图",plan_grid:"网格：{step} 米 · 上北下南",plan_north:"北",on_map:"地图上的配电箱",on_map_hint:"这些配电箱只填写了经纬度，没有平面坐标。",open_map:"打开地图",not_placed:"未标注位置",not_placed_hint:"请在“设置 → 设备与服务 → 安全用电”中修改配电箱的名称和位置，填写平面坐标（X/Y，从楼角量起，单位米）或经纬度。",card_alarms_name:"安全用电报警",card_alarms_description:"报警列表：在仪表盘上确认报警、分闸断电。",card_box_name:"安全用电配电箱",card_box_description:"单个配电箱：状态、关键数据、接触器和未恢复的报警。",none_active:"没有未确认的报警。",none_acknowledged:"没有已确认的报警。",none_open:"没有未恢复的报警。",none_all:"没有报警记录。",open_panel:"在安全用电中打开",card_bad_config:"卡片配置须为键值对（key: value）。",card_bad_state:"state 只能是 active、acknowledged 或 all，不能是 {value}。",card_bad_limit:"limit 须为 1 到 100 的整数，不能是 {value}。",card_bad_area:"area_id 须为区域 ID（文本），不能是 {value}。",card_need_device:"请填写 device_id：安全用电配电箱的设备 ID（即其设备页面网址的最后一段）。",card_no_box:"安全用电中没有设备 ID 为 {id} 的配电箱。"},Qr={en:Wr,zh:Gr};function i(o,r,e={}){return Qr[o][r].replace(/\{(\w+)\}/g,(t,a)=>a in e?String(e[a]):t)}function Oe(o,r){return r<0?i(o,"floor_below",{level:-r}):r===0?i(o,"floor_ground"):i(o,"floor_above",{level:o==="zh"?r+1:r})}var Yr={en:{overcurrent:"Overload",leakage:"Residual current (leakage)",cable_over_temperature:"Cable over-temperature",box_over_temperature:"Box over-temperature",overvoltage:"Overvoltage",undervoltage:"Undervoltage",phase_loss:"Phase loss",unbalance:"Unbalance",power_fault:"Power fault",sensor_fault:"Sensor fault",contactor_tripped:"Contactor tripped",offline:"Offline",gateway_unreachable:"Gateway unreachable"},zh:{overcurrent:"过流（过载）",leakage:"剩余电流（漏电）",cable_over_temperature:"线缆超温",box_over_temperature:"箱体超温",overvoltage:"过压",undervoltage:"欠压",phase_loss:"缺相",unbalance:"三相不平衡",power_fault:"电源故障",sensor_fault:"传感器故障",contactor_tripped:"接触器脱扣",offline:"离线",gateway_unreachable:"网关通信中断"}},S=(o,r)=>Yr[o][r]??r,Be=(o,r)=>i(o,`origin_${r}`),Xr=["app","dashboard","service","automation"];function xt(o,r){let e=Xr.find(t=>t===r);return e?i(o,`via_${e}`):r}var _r={en:{contactor:"Contactor",connectivity:"Connection",alarm:"Detector alarm",active_alarms:"Active alarms",current_a:"Phase A current",current_b:"Phase B current",current_c:"Phase C current",current_n:"Neutral current",voltage_a:"Phase A voltage",voltage_b:"Phase B voltage",voltage_c:"Phase C voltage",line_voltage_ab:"Line voltage A-B",line_voltage_bc:"Line voltage B-C",line_voltage_ca:"Line voltage C-A",leakage_current:"Leakage current",cable_temperature_a:"Phase A cable temperature",cable_temperature_b:"Phase B cable temperature",cable_temperature_c:"Phase C cable temperature",cable_temperature_n:"Neutral cable temperature",box_temperature:"Box temperature",power:"Active power",active_power:"Active power",active_power_a:"Phase A active power",active_power_b:"Phase B active power",active_power_c:"Phase C active power",energy:"Energy",power_factor:"Power factor",frequency:"Frequency",unbalance:"Unbalance",voltage_unbalance:"Voltage unbalance",current_unbalance:"Current unbalance",voltage_qualification_rate:"Voltage qualification rate",overcurrent_threshold:"Overcurrent threshold",leakage_threshold:"Leakage threshold",cable_temperature_threshold:"Cable temperature threshold",box_temperature_threshold:"Box temperature threshold",overvoltage_threshold:"Overvoltage threshold",undervoltage_threshold:"Undervoltage threshold"},zh:{contactor:"接触器",connectivity:"通信状态",alarm:"探测器报警",active_alarms:"未确认报警",current_a:"A相电流",current_b:"B相电流",current_c:"C相电流",current_n:"N线电流",voltage_a:"A相电压",voltage_b:"B相电压",voltage_c:"C相电压",line_voltage_ab:"AB线电压",line_voltage_bc:"BC线电压",line_voltage_ca:"CA线电压",leakage_current:"剩余电流",cable_temperature_a:"A相温度",cable_temperature_b:"B相温度",cable_temperature_c:"C相温度",cable_temperature_n:"N线温度",box_temperature:"箱体温度",power:"总有功功率",active_power:"总有功功率",active_power_a:"A相有功功率",active_power_b:"B相有功功率",active_power_c:"C相有功功率",energy:"有功电能",power_factor:"功率因数",frequency:"频率",unbalance:"三相不平衡度",voltage_unbalance:"电压不平衡度",current_unbalance:"电流不平衡度",voltage_qualification_rate:"电压合格率",overcurrent_threshold:"过流报警值",leakage_threshold:"剩余电流报警值",cable_temperature_threshold:"线缆温度报警值",box_temperature_threshold:"箱体温度报警值",overvoltage_threshold:"过压报警值",undervoltage_threshold:"欠压报警值"}},yt=(o,r)=>_r[o][r],oe=(o,r)=>_r[o][r];var C=o=>y`
  <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${o}</svg>`,vr=C(y`<path d="M4 6h16M4 12h16M4 18h16"/>`),br=C(y`<path d="M19 12H5M11 6l-6 6 6 6"/>`),xr=C(y`<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>`),De=C(y`<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>`),ve=C(y`<path d="M5 12.5l4.5 4.5L19 7.5"/>`),se=C(y`<path d="M14 5h5v5M19 5l-8 8M17 14v5H5V7h5"/>`),Jr=C(y`<circle cx="12" cy="12" r="9"/><path d="M8 12.5l3 3 5-6"/>`),Zr=C(y`<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>`),ea=C(y`<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 2h-15z"/><path d="M10 21h4M12 8v4M12 14.5v.01"/>`),ta=C(y`<path d="M2 9a15 15 0 0 1 20 0M5.5 12.5a10 10 0 0 1 13 0M9 16a5 5 0 0 1 6 0M12 19.5v.01M3 3l18 18"/>`),H=C(y`<path d="M12 3v8"/><path d="M6.3 6.8a8 8 0 1 0 11.4 0"/>`),be={normal:Jr,warning:Zr,alarm:ea,offline:ta,power_off:H};var ne=["alarm","warning","offline","power_off","normal"],ra=new Set(["unavailable","unknown"]);function U(o,r,e){let t=r.entities[e];return t===void 0?void 0:o.states[t]?.state}var yr=(o,r,e)=>o.entities[r]?.startsWith(`${e}.`)===!0,aa=new Set(["active_alarms","location"]),$t=o=>Object.keys(o.entities).filter(r=>yr(o,r,"sensor")&&!aa.has(r)),At=o=>Object.keys(o.entities).filter(r=>(r==="alarm"||r.startsWith("alarm_"))&&yr(o,r,"binary_sensor")),kt=(o,r)=>At(r).filter(e=>U(o,r,e)==="on");function z(o,r,e){let t=$t(r).map(p=>U(o,r,p)),a=U(o,r,"connectivity"),s=t.length>0&&t.every(p=>p===void 0||ra.has(p));return a==="off"||a==="unavailable"||s?"offline":U(o,r,"contactor")==="off"?"power_off":e.some(p=>p.state==="active"&&p.covered_by===null)||kt(o,r).length>0?"alarm":e.length>0?"warning":"normal"}function ie(o,r,e){let t=r.entities[e],a=t===void 0?void 0:o.states[t];if(!a||a.state.trim()==="")return;let s=Number(a.state);return Number.isFinite(s)?{value:s,unit:a.attributes.unit_of_measurement}:void 0}function Et(o,r,e){return e.map(t=>ie(o,r,t)).reduce((t,a)=>a&&(!t||a.value>t.value)?a:t,void 0)}function Ue(o){return o?.unit==="W"?{value:o.value/1e3,unit:"kW"}:o}function wr(o,r,e){let t=e.find(a=>r.entities[a]!==void 0);return t===void 0?void 0:ie(o,r,t)}var St=["current_a","current_b","current_c"],Rt=["power","active_power"],Ct=["cable_temperature_a","cable_temperature_b","cable_temperature_c","cable_temperature_n"];function $r(o,r){let e=[o.name,o.area,o.floor,o.location,o.serial].filter(t=>t!==null).join(" ").toLocaleLowerCase();return r.toLocaleLowerCase().split(/\s+/).every(t=>e.includes(t))}var wt=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function oa(o){let r=o.map(e=>e.level).filter(e=>e!==null);return r.length?Math.min(...r):null}function ze(o){let r=new Map;for(let t of o){let a=t.floor!==null?`floor:${t.floor_id??t.floor}`:t.level!==null?`level:${t.level}`:"",s=r.get(a)??{name:t.floor,level:t.floor===null?t.level:null,boxes:[]};s.boxes.push(t),r.set(a,s)}let e=(t,a)=>{if(t==="")return[2,0,""];let s=oa(a.boxes);return s===null?[1,0,a.name??""]:[0,s,a.name??""]};return[...r.entries()].map(([t,a])=>({key:t,floor:a,sort:e(t,a)})).sort((t,a)=>t.sort[0]-a.sort[0]||t.sort[1]-a.sort[1]||wt.compare(t.sort[2],a.sort[2])).map(({key:t,floor:a})=>({key:t,name:a.name,level:a.level,areas:sa(a.boxes)}))}function sa(o){let r=new Map;for(let e of o){let t=e.area_id??"",a=r.get(t)??{key:t,name:e.area,boxes:[]};a.boxes.push(e),r.set(t,a)}return[...r.values()].sort((e,t)=>(e.key===""?1:0)-(t.key===""?1:0)||wt.compare(e.name??"",t.name??"")).map(e=>({...e,boxes:[...e.boxes].sort((t,a)=>wt.compare(t.name,a.name))}))}function Ke(o,r,e){return o.locale!==r.locale||o.language!==r.language||o.config!==r.config||e.some(t=>Object.values(t.entities).some(a=>a!==void 0&&o.states[a]!==r.states[a]))}function Ar(o){let r=new Map;for(let e of o){if(e.device_id===null)continue;let t=r.get(e.device_id);t?t.push(e):r.set(e.device_id,[e])}return r}var K=(o,r)=>c`<span class="chip ${r}">${be[r]}${i(o,`state_${r}`)}</span>`,na={active:"alarm",acknowledged:"warning",cleared:"normal"},Tt=(o,r)=>{let e=na[r];return c`<span class="chip ${e}">${be[e]}${i(o,`alarm_${r}`)}</span>`},Q=(o,r)=>[o,r].filter(e=>e).join(" · ");function Ve(o,r){return[r.name,...r.area?[i(o,"labelled",{label:i(o,"area"),value:r.area})]:[],...r.location?[i(o,"labelled",{label:i(o,"location"),value:r.location})]:[],i(o,"labelled",{label:i(o,"serial"),value:r.serial})]}var xe=(o,r)=>r.user?i(o,"who_via",{user:r.user,via:xt(o,r.via)}):xt(o,r.via);function je(o,r,e){let t=i(o,"power_by",{command:i(o,r.command==="off"?"power_off":"power_on"),who:xe(o,r),time:e})+(r.box?` ${i(o,"power_box",{box:r.box})}`:""),a=r.ok?i(o,"power_confirmed"):i(o,"power_failed",{error:r.error??i(o,"unknown")});return i(o,"power_line",{action:t,result:a})}function ye(o,r){return r.name!==null?r.name:r.level!==null?Oe(o,r.level):i(o,"no_floor")}function le(o,r){return r===void 0||r==="unavailable"?i(o,"unavailable"):r==="unknown"?i(o,"unknown"):r}function qe(o,r,e){let t=[["fig_current",St,Et(o,e,St)],["fig_leakage",["leakage_current"],ie(o,e,"leakage_current")],["fig_cable",Ct,Et(o,e,Ct)],["fig_power",Rt,Ue(wr(o,e,Rt))]];return c`<dl class="figures">
    ${t.filter(([,a])=>a.some(s=>e.entities[s]!==void 0)).map(([a,,s])=>c`
          <div>
            <dt class="secondary">${i(r,a)}</dt>
            <dd>${s?I(k(o),s.value,s.unit,pr(s.value)):i(r,"no_value")}</dd>
          </div>
        `)}
  </dl>`}function Mt(o){history.pushState(null,"",o),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}var ia=o=>o.button===0&&!o.metaKey&&!o.ctrlKey&&!o.shiftKey&&!o.altKey,E=o=>r=>{ia(r)&&(r.preventDefault(),Mt(o))};function kr(o){if(o===null)return"";if(typeof o=="number")return String(o);let r=/^[=+\-@\t\r]/.test(o)?`'${o}`:o;return/[",\r\n]/.test(r)?`"${r.replace(/"/g,'""')}"`:r}var Er=[["csv_time",(o,r,e)=>D(o,e.time)],["csv_received",(o,r,e)=>D(o,e.received)],["csv_box",(o,r,e)=>e.box],["csv_serial",(o,r,e)=>e.serial],["csv_area",(o,r,e)=>e.area],["csv_location",(o,r,e)=>e.location],["csv_floor",(o,r,e)=>e.floor],["csv_cause",(o,r,e)=>S(r,e.cause)],["csv_origin",(o,r,e)=>Be(r,e.origin)],["csv_value",(o,r,e)=>e.value],["csv_threshold",(o,r,e)=>e.threshold],["csv_unit",(o,r,e)=>e.unit],["csv_channel",(o,r,e)=>e.channel?oe(r,e.channel)??e.channel:null],["csv_state",(o,r,e)=>i(r,`alarm_${e.state}`)],["csv_ack_by",(o,r,e)=>e.acknowledged?xe(r,e.acknowledged):null],["csv_ack_at",(o,r,e)=>e.acknowledged?D(o,e.acknowledged.at):null],["csv_cleared",(o,r,e)=>e.cleared?D(o,e.cleared):null],["csv_power",(o,r,e)=>e.power.map(t=>je(r,t,D(o,t.at))).join(`
`)],["csv_diagnosis",(o,r,e)=>e.diagnosis.map(t=>t[r]).join(`
`)],["csv_covered",(o,r,e)=>e.covered_by]];function Sr(o,r,e){return`\uFEFF${[Er.map(([a])=>kr(i(r,a))),...e.map(a=>Er.map(([,s])=>kr(s(o,r,a))))].map(a=>a.join(",")).join(`\r
`)}\r
`}function Rr(o,r){let e=URL.createObjectURL(new Blob([r],{type:"text/csv;charset=utf-8"})),t=document.createElement("a");t.href=e,t.download=o,t.click(),setTimeout(()=>URL.revokeObjectURL(e),0)}var $=b`
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
`,We=b`
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
`;var we=class extends x{constructor(){super(...arguments);this.language="en";this.busy=!1}willUpdate(e){e.has("request")&&(this.busy=!1,this.outcome=void 0)}updated(){let e=this.renderRoot.querySelector("dialog");this.request&&e&&!e.open&&e.showModal()}async run(){let e=this.request;if(!(!e||this.busy)){this.busy=!0;try{this.outcome={ok:!0,text:await e.run()}}catch(t){this.outcome={ok:!1,text:A(t)}}this.busy=!1}}close(){this.busy||(this.renderRoot.querySelector("dialog")?.close(),this.dispatchEvent(new CustomEvent("closed")))}onCancel(e){e.preventDefault(),this.close()}render(){let e=this.request;if(!e)return m;let t=this.language,a=this.outcome;return c`
      <dialog aria-labelledby="heading" @cancel=${this.onCancel}>
        <h2 id="heading">${H}<span>${e.heading}</span></h2>
        <p>${e.body}</p>
        <ul>
          ${e.details.map(s=>c`<li>${s}</li>`)}
        </ul>
        ${a?c`<p class="outcome ${a.ok?"ok":"failed"}" role="status">
                ${a.ok?ve:m}<span>${a.text}</span>
              </p>`:m}
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
    `}};we.properties={language:{attribute:!1},request:{attribute:!1},busy:{state:!0},outcome:{state:!0}},we.styles=[$,b`
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
    `];customElements.get("safe-power-confirm")||customElements.define("safe-power-confirm",we);var V=class{constructor(r){this.host=r;this.alarms=[];this.total=0;this.loading=!1;this.loaded=!1;this.error=null;this.query={};this.pending=null;this.reads=0;r.addController(this)}hostConnected(){this.follow()}hostUpdate(){this.follow()}hostDisconnected(){this.unlisten?.(),this.unlisten=void 0,this.feed=void 0}async load(r,e){let t=++this.reads;this.hass=r,this.query=e,this.pending=[],this.loading=!0,this.error=null,this.host.requestUpdate();try{let s=await Ne(r,e);if(t!==this.reads)return;this.alarms=s.alarms,this.total=s.total,this.loaded=!0}catch(s){if(t!==this.reads)return;this.error=A(s)}let a=this.pending??[];this.pending=null,this.loading=!1,a.forEach(s=>this.apply(s)),this.host.requestUpdate()}follow(){let r=this.host.feed;r!==this.feed&&(this.unlisten?.(),this.feed=r,this.unlisten=r?.listen({onEvent:e=>{this.pending?this.pending.push(e):this.loaded&&(this.apply(e),this.host.requestUpdate())},onResync:()=>{this.hass&&this.load(this.hass,this.query)}}))}apply({alarm:r}){let e=this.alarms.findIndex(a=>a.alarm_id===r.alarm_id),t=ir(r,this.query);if(e>=0&&t)this.alarms=this.alarms.map((a,s)=>s===e?r:a);else if(e>=0)this.alarms=this.alarms.filter((a,s)=>s!==e),this.total-=1;else if(t){let a=Date.parse(r.time),s=this.alarms.findIndex(n=>Date.parse(n.time)<a);this.alarms=s<0?[...this.alarms,r]:[...this.alarms.slice(0,s),r,...this.alarms.slice(s)],this.total+=1}}};var Cr=100,Tr={day:1,week:7,month:30,all:null},la={day:"range_day",week:"range_week",month:"range_month",all:"range_all"},ca=864e5,$e=class extends x{constructor(){super(...arguments);this.language="en";this.compact=!1;this.basePath="";this.filters={state:"active",cause:"",areaId:"",range:"all",limit:Cr};this.page=Cr;this.expanded=new Set;this.acking=new Set;this.actionError=null;this.list=new V(this);this.loadedWith=""}willUpdate(e){if(e.has("preset")&&this.preset){let{state:a,areaId:s,limit:n}=this.preset;this.page=n,this.filters={state:a,cause:"",areaId:s,range:"all",limit:n}}else!this.hasUpdated&&this.deviceId!==void 0&&(this.filters={...this.filters,state:"all",range:"month"});let t=JSON.stringify([this.filters,this.deviceId]);this.hass&&t!==this.loadedWith&&(this.loadedWith=t,this.list.load(this.hass,this.query()))}query(){let{state:e,cause:t,areaId:a,range:s,limit:n}=this.filters,p=Tr[s];return{...e==="open"?{states:[...B]}:e!=="all"&&{states:[e]},...t!==""&&{causes:[t]},...a!==""&&{area_ids:[a]},...this.deviceId!==void 0&&{device_ids:[this.deviceId]},...p!==null&&{start:new Date(Date.now()-p*ca).toISOString()},limit:n}}setFilter(e,t){this.filters={...this.filters,[e]:t,limit:this.page}}showMore(){this.filters={...this.filters,limit:this.filters.limit+this.page}}async acknowledge(e){this.acking=new Set([...this.acking,...e]),this.actionError=null;try{await tr(this.hass,e)}catch(t){this.actionError=A(t)}this.acking=new Set([...this.acking].filter(t=>!e.includes(t)))}askPowerOff(e){let t=this.language,a=this.fleet.boxes.find(n=>n.device_id===e.device_id),s=a?.name??e.box;this.confirm={heading:i(t,"power_title"),body:i(t,"power_body",{box:s}),details:[...Ve(t,{name:s,area:a?a.area:e.area,location:a?a.location:e.location,serial:e.serial}),i(t,"power_for",{cause:S(t,e.cause)})],confirm:i(t,"power_off"),run:async()=>{let n=await rr(this.hass,e.alarm_id);if(!n.ok)throw new Error(i(t,"power_error",{error:n.error??i(t,"unknown")}));return i(t,"power_done")}}}async exportCsv(){this.actionError=null;try{let{list:e}=this,t=e.total>e.alarms.length?(await Ne(this.hass,{...this.query(),limit:Math.min(e.total,1e4)})).alarms:e.alarms,a=ae(this.hass).slice(0,10);Rr(`${i(this.language,"csv_file")}-${a}.csv`,Sr(this.hass,this.language,t))}catch(e){this.actionError=A(e)}}toggle(e){let t=new Set(this.expanded);t.delete(e)||t.add(e),this.expanded=t}clipped(e){let t=(this.compact?70:200)/(this.language==="zh"?2:1);return e.diagnosis.length>1||e.diagnosis[0][this.language].length>t}canPowerOff(e){let a=this.fleet.boxes.find(s=>s.device_id===e.device_id)?.entities.contactor;return this.fleet.can_power&&e.state!=="cleared"&&!er.includes(e.cause)&&a!==void 0&&this.hass.states[a]?.state!=="off"}render(){let{language:e,list:t}=this,a=t.alarms.filter(n=>n.state==="active").map(n=>n.alarm_id),s=[...a.length>1?[c`<button
              class="btn"
              ?disabled=${a.every(n=>this.acking.has(n))}
              @click=${()=>this.acknowledge(a)}
            >
              ${ve}${i(e,"acknowledge_all",{count:a.length})}
            </button>`]:[],...this.preset?[]:[c`<button class="btn" ?disabled=${t.alarms.length===0} @click=${this.exportCsv}>
              ${De}${i(e,"export_csv")}
            </button>`]];return c`
      ${this.preset?m:this.renderFilters()}
      ${s.length?c`<div class="toolbar ${this.preset?"in-card":""}">${s}</div>`:m}
      ${this.actionError?c`<div class="banner" role="alert">${this.actionError}</div>`:m}
      ${t.error?c`<div class="banner" role="alert">${t.error}</div>`:m}
      ${this.renderList()}
      <safe-power-confirm
        .language=${e}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}renderFilters(){let{language:e,filters:t}=this,a=new Map(this.fleet.boxes.filter(n=>n.area_id!==null).map(n=>[n.area_id??"",n.area??n.area_id??""])),s=(n,p,l)=>c`
      <label>
        <span class="secondary">${p}</span>
        <select
          @change=${d=>this.setFilter(n,l[d.target.selectedIndex][0])}
        >
          ${l.map(([d,u])=>c`<option ?selected=${d===t[n]}>${u}</option>`)}
        </select>
      </label>
    `;return c`
      <div class="filters">
        ${s("state",i(e,"filter_state"),[...[...B,"open",...Jt.filter(n=>!B.includes(n))].map(n=>[n,i(e,`alarm_${n}`)]),["all",i(e,"all_states")]])}
        ${s("cause",i(e,"filter_cause"),[["",i(e,"all_causes")],...Zt.map(n=>[n,S(e,n)])])}
        ${this.deviceId===void 0?s("areaId",i(e,"filter_area"),[["",i(e,"all_areas")],...[...a].sort((n,p)=>n[1].localeCompare(p[1]))]):m}
        ${s("range",i(e,"filter_time"),Object.keys(Tr).map(n=>[n,i(e,la[n])]))}
      </div>
    `}renderList(){let{language:e,list:t}=this;if(!t.loaded)return t.loading?c`<p class="empty">${i(e,"loading")}</p>`:c``;if(t.alarms.length===0){let a=this.preset?`none_${this.preset.state}`:this.deviceId===void 0?"no_alarms":"no_box_alarms";return c`<p class="empty ${this.preset?"in-card":"card"}">${i(e,a)}</p>`}return c`
      ${this.compact?this.renderCards():this.renderTable()}
      ${this.preset&&t.total<=t.alarms.length?m:c`<div class="more">
              <span class="secondary">${i(e,"showing",{shown:t.alarms.length,total:t.total})}</span>
              ${t.total>t.alarms.length?c`<button class="btn" ?disabled=${t.loading} @click=${this.showMore}>
                      ${i(e,"show_more")}
                    </button>`:m}
            </div>`}
    `}renderTable(){let e=this.language,t=this.deviceId===void 0,a=t?6:5;return c`
      <table class="card">
        <thead>
          <tr>
            <th>${i(e,"col_time")}</th>
            ${t?c`<th>${i(e,"col_box")}</th>`:m}
            <th>${i(e,"col_cause")}</th>
            <th>${i(e,"col_value")}</th>
            <th>${i(e,"col_state")}</th>
            <th>${i(e,"col_actions")}</th>
          </tr>
        </thead>
        ${this.list.alarms.map(s=>c`
            <tbody class=${s.covered_by?"covered":""}>
              <tr>
                <td class="time">${this.renderTime(s)}</td>
                ${t?c`<td class="box-cell">${this.renderBox(s)}</td>`:m}
                <td class="cause-cell">${this.renderCause(s)}</td>
                <td>${this.renderValue(s)}</td>
                <td class="state-cell">${Tt(e,s.state)}${this.renderHistory(s)}</td>
                <td><div class="actions">${this.renderActions(s)}</div></td>
              </tr>
              ${s.diagnosis.length?c`<tr class="diagnosis">
                      <td colspan=${a}>${this.renderDiagnosis(s)}</td>
                    </tr>`:m}
            </tbody>
          `)}
      </table>
    `}renderCards(){let e=this.language;return c`
      <div class="cards">
        ${this.list.alarms.map(t=>c`
            <article class="card ${t.covered_by?"covered":""}">
              <div class="top">
                ${Tt(e,t.state)}
                <span class="secondary time">${this.renderTime(t)}</span>
              </div>
              ${this.renderCause(t)} ${this.deviceId===void 0?this.renderBox(t):m}
              ${this.renderValue(t)} ${this.renderHistory(t)}
              ${t.diagnosis.length?this.renderDiagnosis(t):m}
              <div class="actions">${this.renderActions(t)}</div>
            </article>
          `)}
      </div>
    `}renderTime(e){let t=re(this.hass,e.time);return e.late?c`${t}
          <div class="secondary small">
            ${i(this.language,"received_late",{time:re(this.hass,e.received)})}
          </div>`:c`${t}`}renderBox(e){let t=Q(e.area,e.location),a=e.device_id?`${this.basePath}/box/${encodeURIComponent(e.device_id)}`:null;return c`
      <div class="box">
        ${a?c`<a href=${a} @click=${E(a)}>${e.box}</a>`:c`<span>${e.box}</span>`}
        ${t?c`<div class="secondary small">${t}</div>`:m}
      </div>
    `}renderCause(e){let t=this.language;return c`
      <div class="cause">
        <strong>${S(t,e.cause)}</strong>
        <div class="secondary small">${Be(t,e.origin)}</div>
        ${e.covered_by?c`<div class="small covered-note">${i(t,"covered")}</div>`:m}
      </div>
    `}renderValue(e){let t=ur(k(this.hass),e);if(!t)return m;let a=e.channel?oe(this.language,e.channel)??e.channel:null;return c`
      <div class="value">
        <span class="reading">${t}</span>
        ${a?c`<div class="secondary small">${a}</div>`:m}
      </div>
    `}renderHistory(e){let{hass:t,language:a}=this;return c`
      <ul class="history small">
        ${e.acknowledged?c`<li>
                ${i(a,"acknowledged_by",{who:xe(a,e.acknowledged),time:re(t,e.acknowledged.at)})}
              </li>`:m}
        ${e.cleared?c`<li>${i(a,"cleared_at",{time:re(t,e.cleared)})}</li>`:m}
        ${e.power.map(s=>c`<li class=${s.ok?"":"error"}>
              ${H}<span>${je(a,s,re(t,s.at))}</span>
            </li>`)}
      </ul>
    `}renderDiagnosis(e){let t=this.language,a=this.expanded.has(e.alarm_id),s=a?e.diagnosis:e.diagnosis.slice(0,1);return c`
      <div class="diagnosis-text ${a?"open":""}">
        ${s.map(n=>c`<p>
              <span class="likelihood"
                >${i(t,"likelihood",{percent:mr(k(this.hass),n.confidence)})}</span
              >
              ${n[t]}
            </p>`)}
        ${a||this.clipped(e)?c`<button class="link" aria-expanded=${a} @click=${()=>this.toggle(e.alarm_id)}>
                ${i(t,a?"less":"more")}
              </button>`:m}
      </div>
    `}renderActions(e){let t=this.language,a=[];return e.state==="active"&&a.push(c`<button
          class="btn primary"
          ?disabled=${this.acking.has(e.alarm_id)}
          @click=${()=>this.acknowledge([e.alarm_id])}
        >
          ${ve}${i(t,"acknowledge")}
        </button>`),this.canPowerOff(e)&&a.push(c`<button class="btn danger" @click=${()=>this.askPowerOff(e)}>
          ${H}${i(t,"power_off")}
        </button>`),a}};$e.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},deviceId:{attribute:!1},preset:{attribute:!1},basePath:{attribute:!1},filters:{state:!0},expanded:{state:!0},acking:{state:!0},actionError:{state:!0},confirm:{state:!0}},$e.styles=[$,b`
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
      .toolbar.in-card {
        margin-top: 0;
      }
      .empty.in-card {
        margin: 0;
        padding: 12px 0;
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
    `];customElements.get("safe-power-alarms")||customElements.define("safe-power-alarms",$e);var ke=class extends x{constructor(){super(...arguments);this.language="en";this.canPower=!1;this.framed=!1;this.compact=!1}render(){let{box:e,language:t}=this,a=e.entities.contactor;if(a===void 0)return m;let s=this.hass.states[a]?.state,n=s==="on"||s==="off";return c`
      <div class="contactor ${s==="off"?"power_off":"normal"} ${this.framed?"card":""}">
        ${H}
        <div class="what">
          <div class="secondary">${i(t,"contactor")}</div>
          <div class="state">
            ${n?i(t,s==="on"?"contactor_on":"contactor_off"):le(t,s)}
          </div>
        </div>
        ${this.canPower&&n?c`<button
                class="btn ${s==="on"?"danger":"primary"}"
                @click=${()=>this.ask(a,s==="off")}
              >
                ${H}${i(t,s==="on"?"power_off":"power_on")}
              </button>`:m}
      </div>
      <safe-power-confirm
        .language=${t}
        .request=${this.confirm}
        @closed=${()=>this.confirm=void 0}
      ></safe-power-confirm>
    `}ask(e,t){let{box:a,language:s}=this;this.confirm={heading:i(s,t?"power_on_title":"power_title"),body:i(s,t?"power_on_body":"power_body",{box:a.name}),details:Ve(s,a),confirm:i(s,t?"power_on":"power_off"),run:async()=>{try{await ar(this.hass,e,t)}catch(n){throw new Error(i(s,t?"power_on_error":"power_error",{error:A(n)}))}return i(s,t?"power_on_done":"power_done")}}}};ke.properties={hass:{attribute:!1},language:{attribute:!1},box:{attribute:!1},canPower:{attribute:!1},framed:{type:Boolean,reflect:!0},compact:{type:Boolean,reflect:!0},confirm:{state:!0}},ke.styles=[$,b`
      :host {
        display: block;
      }
      .contactor {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
        border-left: 6px solid var(--sp-color);
        padding: 8px 0 8px 12px;
      }
      :host([framed]) .contactor {
        padding: 16px;
      }
      .contactor > .icon {
        width: 28px;
        height: 28px;
        color: var(--sp-color);
      }
      .what {
        flex: 1;
        min-width: 130px;
      }
      .state {
        font-size: 1.1rem;
        font-weight: 500;
      }
      :host([compact]) .btn {
        width: 100%;
      }
    `];customElements.get("safe-power-contactor")||customElements.define("safe-power-contactor",ke);function da(o,r){let e=t=>{let a=gt.indexOf(t);return a<0?gt.length:a};return e(o)-e(r)||o.localeCompare(r)}var Ee=class extends x{constructor(){super(...arguments);this.language="en";this.open=[];this.compact=!1;this.basePath=""}render(){let{box:e,language:t}=this,a=z(this.hass,e,this.open),s=`/config/devices/device/${encodeURIComponent(e.device_id)}`,n=[["area",e.area],["floor",e.floor??(e.level!==null?Oe(t,e.level):null)],["location",e.location],["serial",e.serial],["transport",i(t,`transport_${e.transport}`)]];return c`
      <section class="card head">
        <div class="title">
          <h1>${e.name}</h1>
          ${K(t,a)}
        </div>
        <dl class="facts">
          ${n.filter(p=>p[1]!==null).map(([p,l])=>c`<div>
                  <dt class="secondary">${i(t,p)}</dt>
                  <dd>${l}</dd>
                </div>`)}
        </dl>
        <a class="btn" href=${s} @click=${E(s)}>${se}${i(t,"open_device")}</a>
      </section>
      ${e.entities.contactor!==void 0?c`<safe-power-contactor
              .hass=${this.hass}
              .language=${t}
              .box=${e}
              .canPower=${this.fleet.can_power}
              framed
              ?compact=${this.compact}
            ></safe-power-contactor>`:m}
      <section class="card">
        <h2>${i(t,"live_values")}</h2>
        <dl class="values">${this.renderValues()}</dl>
      </section>
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
    `}renderValues(){let{box:e,hass:t,language:a}=this,s=U(t,e,"connectivity"),n=At(e),p=kt(t,e),l=[...e.entities.active_alarms?["active_alarms"]:[],...$t(e)];return[...e.entities.connectivity?[this.renderValue(yt(a,"connectivity"),s==="on"||s==="off"?i(a,s==="on"?"online":"state_offline"):le(a,s),s==="off")]:[],...n.length?[this.renderValue(yt(a,"alarm"),p.length?p.map(d=>d==="alarm"?i(a,"alarm_on"):S(a,d.slice(6))).join(", "):n.some(d=>U(t,e,d)==="off")?i(a,"alarm_off"):le(a,U(t,e,n[0])),p.length>0)]:[],...l.sort(da).map(d=>{let u=t.states[e.entities[d]??""],h=Ue(ie(t,e,d));return this.renderValue(oe(a,d)??u?.attributes.friendly_name??d,h?I(k(t),h.value,h.unit):le(a,u?.state),!1)})]}renderValue(e,t,a){return c`<div class=${a?"flagged":""}>
      <dt class="secondary">${e}</dt>
      <dd>${t}</dd>
    </div>`}};Ee.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},box:{attribute:!1},open:{attribute:!1},feed:{attribute:!1},compact:{type:Boolean,reflect:!0},basePath:{attribute:!1}},Ee.styles=[$,b`
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
    `];customElements.get("safe-power-box")||customElements.define("safe-power-box",Ee);var pa=ne.filter(o=>o!=="normal"),Se=class extends x{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.filter=null;this.search=""}render(){let{language:e,fleet:t}=this;if(t.boxes.length===0)return c`<p class="empty card">${i(e,"no_boxes")}</p>`;let a=new Map(t.boxes.map(l=>[l.device_id,z(this.hass,l,this.open.get(l.device_id)??[])])),s=l=>[...a.values()].filter(d=>d===l).length,n=this.search.trim(),p=t.boxes.filter(l=>(this.filter===null||a.get(l.device_id)===this.filter)&&(n===""||$r(l,n)));return c`
      <div class="counts" role="group">
        <button class="count" aria-pressed=${this.filter===null} @click=${()=>this.filter=null}>
          <span class="number">${t.boxes.length}</span>
          <span class="label">${i(e,"count_boxes")}</span>
        </button>
        ${pa.map(l=>c`
            <button
              class="count ${l}"
              aria-pressed=${this.filter===l}
              @click=${()=>this.filter=this.filter===l?null:l}
            >
              <span class="number">${s(l)}</span>
              <span class="label">${be[l]}${i(e,`state_${l}`)}</span>
            </button>
          `)}
      </div>
      <label class="search">
        ${xr}
        <input
          type="search"
          .value=${this.search}
          placeholder=${i(e,"search")}
          aria-label=${i(e,"search")}
          @input=${l=>this.search=l.target.value}
        />
      </label>
      ${p.length===0?c`<p class="empty card">
              ${i(e,"no_match")}
              <button class="btn" @click=${this.showAll}>${i(e,"show_all")}</button>
            </p>`:ze(p).map(l=>this.renderFloor(l,a))}
    `}showAll(){this.filter=null,this.search=""}renderFloor(e,t){return c`
      <section>
        <h2>${ye(this.language,e)}</h2>
        <div class="areas">
          ${e.areas.map(a=>c`
              <div class="area" style="--boxes: ${Math.min(a.boxes.length,4)}">
                <h3>${a.name??i(this.language,"no_area")}</h3>
                <div class="tiles">
                  ${a.boxes.map(s=>this.renderTile(s,t.get(s.device_id)??"normal"))}
                </div>
              </div>
            `)}
        </div>
      </section>
    `}renderTile(e,t){let{hass:a,language:s}=this,n=`${this.basePath}/box/${encodeURIComponent(e.device_id)}`,p=this.open.get(e.device_id)??[],l=[...new Set(p.map(d=>S(s,d.cause)))];return c`
      <a class="tile card ${t}" href=${n} @click=${E(n)}>
        <div class="head">
          <span class="name">${e.name}</span>
          ${K(s,t)}
        </div>
        ${e.location?c`<div class="secondary place">${e.location}</div>`:m}
        ${qe(a,s,e)}
        ${p.length?c`<div class="alarms ${t==="alarm"?"active":""}">
                ${i(s,"open_alarms",{count:p.length})} · ${l.join(", ")}
              </div>`:m}
      </a>
    `}};Se.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},filter:{state:!0},search:{state:!0}},Se.styles=[$,We,b`
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
      .alarms {
        margin-top: 8px;
        font-size: 0.875rem;
        font-weight: 500;
        color: var(--secondary-text-color, #727272);
      }
      .alarms.active {
        color: var(--sp-alarm);
      }
    `];customElements.get("safe-power-overview")||customElements.define("safe-power-overview",Se);var Y=7,Pt=14,P={left:34,top:26,right:16,bottom:24},ma=48,Ge=[1,2,5,10,20,50,100,200,500,1e3],Qe=o=>o.x!==null&&o.y!==null,Mr=o=>!Qe(o)&&o.latitude!==null&&o.longitude!==null;function ua(o,r,e){let t=o.map(_=>_.x),a=o.map(_=>_.y),s=_=>Math.min(0,..._),n=_=>Math.max(1,Math.max(..._)-s(_)),p=Math.max(1,.06*Math.max(n(t),n(a))),l=(_,T,X,de)=>Math.min((r-P.left-P.right)/(T-_),(e-P.top-P.bottom)/(de-X),ma),d=l(s(t)-p,Math.max(...t)+p,s(a)-p,Math.max(...a)+p),u=Ge.find(_=>_*d>=12)??Ge[Ge.length-1],h=Ge.find(_=>_%u===0&&_*d>=56)??u,f=Math.floor((s(t)-p)/u)*u,v=Math.ceil((Math.max(...t)+p)/u)*u,w=Math.floor((s(a)-p)/u)*u,R=Math.ceil((Math.max(...a)+p)/u)*u,g=l(f,v,w,R),F=(_,T)=>Array.from({length:Math.round((T-_)/u)+1},(X,de)=>_+de*u);return{width:P.left+(v-f)*g+P.right,height:P.top+(R-w)*g+P.bottom,xs:F(f,v),ys:F(w,R),major:h,minor:u,px:_=>P.left+(_-f)*g,py:_=>P.top+(R-_)*g}}var ha=o=>[...o].reduce((r,e)=>r+((e.codePointAt(0)??0)>=11904?12:6.8),0),Pr=(o,r)=>Math.max(0,Math.min(o.right,r.right)-Math.max(o.left,r.left))*Math.max(0,Math.min(o.bottom,r.bottom)-Math.max(o.top,r.top));function fa(o,r,e,t){let a=[...t,...o.map(l=>({left:l.cx-Y,top:l.cy-Y,right:l.cx+Y,bottom:l.cy+Y}))],s={left:0,top:0,right:e.width,bottom:e.height},n=o.map((l,d)=>d).sort((l,d)=>ne.indexOf(o[l].state)-ne.indexOf(o[d].state)||o[l].cy-o[d].cy),p=[];for(let l of n){let d=o[l],u=r(d),h=Math.max(...u.map(ha)),f=u.length*Pt,v=Y+5,w=d.cy+4-(u.length-1)*Pt/2,R=[[{x:d.cx+v,y:w,anchor:"start",lines:u},{left:d.cx+v,top:d.cy-f/2,right:d.cx+v+h,bottom:d.cy+f/2}],[{x:d.cx-v,y:w,anchor:"end",lines:u},{left:d.cx-v-h,top:d.cy-f/2,right:d.cx-v,bottom:d.cy+f/2}],[{x:d.cx,y:d.cy+v+10,anchor:"middle",lines:u},{left:d.cx-h/2,top:d.cy+v,right:d.cx+h/2,bottom:d.cy+v+f}],[{x:d.cx,y:d.cy-v-f+10,anchor:"middle",lines:u},{left:d.cx-h/2,top:d.cy-v-f,right:d.cx+h/2,bottom:d.cy-v}]],g=([,_])=>a.reduce((T,X)=>T+Pr(_,X),0)+4*((_.right-_.left)*(_.bottom-_.top)-Pr(_,s)),F=R.reduce((_,T)=>g(T)<g(_)?T:_);a.push(F[1]),p[l]=F[0]}return o.map((l,d)=>({...l,label:p[d]}))}var Re=class extends x{constructor(){super(...arguments);this.language="en";this.open=new Map;this.basePath="";this.width=0;this.resize=new ResizeObserver(e=>{this.width=e[0].contentRect.width})}connectedCallback(){super.connectedCallback(),this.resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect()}stateOf(e){return z(this.hass,e,this.open.get(e.device_id)??[])}href(e){return`${this.basePath}/box/${encodeURIComponent(e.device_id)}`}render(){let e=this.language,t=this.fleet.boxes;if(t.length===0)return c`<p class="empty card">${i(e,"no_boxes")}</p>`;let a=ze(t.filter(Qe)),s=new Map(t.map(l=>[l.device_id,this.stateOf(l)])),n=l=>l.areas.flatMap(d=>d.boxes).filter(d=>s.get(d.device_id)==="alarm").length,p=a.find(l=>l.key===this.floor)??a.find(l=>n(l)>0)??a[0];return c`
      ${a.length>1?c`<div class="floors" role="group">
              ${a.map(l=>{let d=n(l);return c`<button
                  class="floor"
                  aria-pressed=${l===p}
                  @click=${()=>this.floor=l.key}
                >
                  ${ye(e,l)}
                  <span class="count">${l.areas.reduce((u,h)=>u+h.boxes.length,0)}</span>
                  ${d?c`<span class="badge" aria-label=${i(e,"state_alarm")}>${d}</span>`:m}
                </button>`})}
            </div>`:m}
      ${p?this.renderFloor(p,s):c`<p class="empty card">${i(e,"plan_none")}</p>`}
      ${this.renderList("on_map",t.filter(Mr),s)}
      ${this.renderList("not_placed",t.filter(l=>!Qe(l)&&!Mr(l)),s)}
    `}renderFloor(e,t){let a=this.language,s=e.areas.flatMap(u=>u.boxes).filter(Qe).map(u=>({box:u,x:u.x,y:u.y})),n=ye(a,e),p=ne.map(u=>[u,s.filter(h=>t.get(h.box.device_id)===u).length]).filter(([,u])=>u>0),l=Math.max(280,Math.min(window.innerHeight*.68,760)),d=this.width>0?ua(s,this.width-34,l):null;return c`
      <section class="card plan">
        <h2>${n}</h2>
        ${d?this.renderSvg(d,s,t,n):m}
        <div class="below">
          <ul class="legend">
            ${p.map(([u,h])=>c`<li class=${u}>
                <span class="dot"></span>${i(a,`state_${u}`)} <strong>${h}</strong>
              </li>`)}
          </ul>
          ${d?c`<span class="secondary small">
                  ${i(a,"plan_grid",{step:M(k(this.hass),d.minor,0)})}
                </span>`:m}
        </div>
      </section>
    `}renderSvg(e,t,a,s){let n=this.language,p=k(this.hass),l=e.py(e.ys[e.ys.length-1]),d=e.py(e.ys[0]),u=e.px(e.xs[0]),h=e.px(e.xs[e.xs.length-1]),f={x:h-4,y:l-22},v=fa(t.map(({box:g,x:F,y:_})=>({box:g,state:a.get(g.device_id)??"normal",cx:e.px(F),cy:e.py(_)})),g=>g.state==="normal"?[g.box.name]:[g.box.name,i(n,`state_${g.state}`)],e,[{left:f.x-24,top:f.y-2,right:f.x+6,bottom:f.y+16}]),w=g=>Math.abs(g/e.major-Math.round(g/e.major))<1e-9,R=g=>M(p,g,0);return y`
      <svg
        role="img"
        aria-label=${i(n,"plan_label",{floor:s})}
        width=${e.width}
        height=${e.height}
        viewBox="0 0 ${e.width} ${e.height}"
      >
        <rect class="floor-area" x=${u} y=${l} width=${h-u} height=${d-l}></rect>
        ${e.xs.map(g=>y`
            <line class=${w(g)?"major":"minor"} x1=${e.px(g)} x2=${e.px(g)} y1=${l} y2=${d}></line>
            ${w(g)?y`<text class="axis" x=${e.px(g)} y=${d+16} text-anchor="middle">${R(g)}</text>`:m}
          `)}
        ${e.ys.map(g=>y`
            <line class=${w(g)?"major":"minor"} x1=${u} x2=${h} y1=${e.py(g)} y2=${e.py(g)}></line>
            ${w(g)?y`<text class="axis" x=${u-6} y=${e.py(g)+4} text-anchor="end">${R(g)}</text>`:m}
          `)}
        <g class="north" transform="translate(${f.x} ${f.y})">
          <path d="M0 0 L5 14 L0 10 L-5 14 Z"></path>
          <text x="-9" y="13" text-anchor="end">${i(n,"plan_north")}</text>
        </g>
        ${v.map(g=>this.renderDot(g))}
      </svg>
    `}renderDot(e){let t=this.language,{box:a,state:s,cx:n,cy:p,label:l}=e,d=this.href(a),u=[a.name,i(t,`state_${s}`),Q(a.area,a.location)].filter(h=>h).join(" · ");return y`
      <a class="box ${s}" href=${d} @click=${E(d)} aria-label=${u}>
        <title>${u}</title>
        ${s==="alarm"?y`<circle class="pulse" cx=${n} cy=${p} r=${Y}></circle>`:m}
        <circle class="mark" cx=${n} cy=${p} r=${Y}></circle>
        <text class="label" x=${l.x} y=${l.y} text-anchor=${l.anchor}>
          ${l.lines.map((h,f)=>y`<tspan class=${f===0?"name":"state"} x=${l.x} dy=${f===0?0:Pt}>${h}</tspan>`)}
        </text>
      </a>
    `}renderList(e,t,a){if(t.length===0)return m;let s=this.language,n=k(this.hass),p=[...t].sort((l,d)=>l.name.localeCompare(d.name));return c`
      <section class="card list">
        <div class="list-head">
          <div>
            <h2>${i(s,e)}</h2>
            <p class="secondary small">${i(s,e==="on_map"?"on_map_hint":"not_placed_hint")}</p>
          </div>
          ${e==="on_map"?c`<a class="btn" href="/map" @click=${E("/map")}>${i(s,"open_map")}</a>`:m}
        </div>
        <ul>
          ${p.map(l=>{let d=this.href(l),u=Q(l.area,l.location),h=e==="on_map"&&l.latitude!==null&&l.longitude!==null?`${M(n,l.latitude,5)}, ${M(n,l.longitude,5)}`:"";return c`<li>
              <a href=${d} @click=${E(d)}>${l.name}</a>
              ${K(s,a.get(l.device_id)??"normal")}
              <span class="secondary small">${[u,h].filter(f=>f).join(" · ")}</span>
            </li>`})}
        </ul>
      </section>
    `}};Re.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},open:{attribute:!1},basePath:{attribute:!1},floor:{state:!0},width:{state:!0}},Re.styles=[$,b`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      h2 {
        margin: 0 0 8px;
        font-size: 1.1rem;
        font-weight: 500;
      }
      .small {
        font-size: 0.85rem;
      }
      .floors {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .floor {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        min-height: 40px;
        padding: 0 14px;
        border-radius: 20px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color, #212121);
        font-weight: 500;
      }
      .floor[aria-pressed="true"] {
        border-color: var(--primary-color, #03a9f4);
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 16%, var(--card-background-color, #fff));
      }
      .floor .count {
        color: var(--secondary-text-color, #727272);
        font-weight: 400;
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
      .plan {
        padding: 16px;
      }
      svg {
        display: block;
        margin: 0 auto;
        max-width: 100%;
        height: auto;
        font-size: 12px;
        font-family: inherit;
      }
      .floor-area {
        fill: color-mix(in srgb, var(--primary-text-color, #212121) 3%, transparent);
      }
      line.minor {
        stroke: color-mix(in srgb, var(--primary-text-color, #212121) 7%, transparent);
        stroke-width: 1;
      }
      line.major {
        stroke: color-mix(in srgb, var(--primary-text-color, #212121) 18%, transparent);
        stroke-width: 1;
      }
      .axis {
        fill: var(--secondary-text-color, #727272);
        font-size: 11px;
      }
      .north path {
        fill: var(--secondary-text-color, #727272);
      }
      .north text {
        fill: var(--secondary-text-color, #727272);
        font-size: 11px;
        font-weight: 500;
      }
      .box {
        cursor: pointer;
      }
      .box:focus-visible {
        outline: none;
      }
      .box:focus-visible .mark,
      .box:hover .mark {
        stroke: var(--primary-text-color, #212121);
      }
      .mark {
        fill: var(--sp-color);
        stroke: var(--card-background-color, #fff);
        stroke-width: 2;
      }
      .pulse {
        fill: var(--sp-alarm);
        transform-box: fill-box;
        transform-origin: center;
        animation: ring 1.6s ease-out infinite;
      }
      @keyframes ring {
        from {
          opacity: 0.6;
          transform: scale(1);
        }
        to {
          opacity: 0;
          transform: scale(3);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .pulse {
          animation: none;
          opacity: 0.3;
          transform: scale(1.9);
        }
      }
      .label {
        paint-order: stroke;
        stroke: var(--card-background-color, #fff);
        stroke-width: 3px;
        stroke-linejoin: round;
      }
      .label .name {
        fill: var(--primary-text-color, #212121);
        font-weight: 500;
      }
      .label .state {
        fill: var(--sp-color);
        font-size: 11px;
        font-weight: 500;
      }
      .box:hover .name,
      .box:focus-visible .name {
        text-decoration: underline;
      }
      .below {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px 16px;
        margin-top: 8px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: 0.875rem;
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .legend .dot {
        width: 12px;
        height: 12px;
        border-radius: 50%;
        background: var(--sp-color);
      }
      .list {
        padding: 16px;
      }
      .list-head {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px 16px;
      }
      .list-head p {
        margin: 0 0 8px;
      }
      .list-head a.btn {
        text-decoration: none;
      }
      .list ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .list li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 12px;
        padding: 8px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .list li > a {
        color: var(--primary-color, #03a9f4);
        font-weight: 500;
        text-decoration: none;
      }
      .list li > a:hover {
        text-decoration: underline;
      }
    `];customElements.get("safe-power-plan")||customElements.define("safe-power-plan",Re);var ga=["all","area","boxes"],_a={day:"report_date_day",month:"report_date_month",year:"report_date_year"},Ye,Ce=class extends x{constructor(){super(...arguments);this.language="en";this.running=!1;this.error=null;this.report=null}willUpdate(){if(this.form)return;let e=ae(this.hass),t=e.slice(0,10);this.form=Ye?.form??{kind:"month",date:t,start:`${fr(t,-7)}T00:00`,end:`${e.slice(0,13)}:00`,scope:"all",areaId:this.areas()[0]?.[0]??"",deviceIds:[],language:this.language},this.report=Ye?.report??null}areas(){let e=new Map;for(let t of this.fleet.boxes)t.area_id!==null&&e.set(t.area_id,t.area??t.area_id);return[...e].sort((t,a)=>t[1].localeCompare(a[1]))}set(e,t){this.form&&(this.form={...this.form,[e]:t},Ye={form:this.form,report:this.report})}toggleBox(e,t){let a=this.form?.deviceIds??[];this.set("deviceIds",t?[...a,e]:a.filter(s=>s!==e))}problem(e){return e.kind==="custom"&&!(e.start&&e.end&&e.end>e.start)?"report_bad_range":e.scope==="boxes"&&e.deviceIds.length===0?"report_pick_boxes":null}request(e){let t=new Set(this.fleet.boxes.map(a=>a.device_id));return{period:e.kind,date:e.date||ae(this.hass).slice(0,10),...e.kind==="custom"&&{start:vt(this.hass,e.start),end:vt(this.hass,e.end)},...e.scope==="area"&&{area_id:[e.areaId]},...e.scope==="boxes"&&{device_id:e.deviceIds.filter(a=>t.has(a))},language:e.language,save:!0}}async run(){let e=this.form;if(!(!e||this.running||this.problem(e)!==null)){this.running=!0,this.error=null,this.report=null;try{this.report=await nr(this.hass,this.request(e)),Ye={form:e,report:this.report}}catch(t){this.error=A(t)}this.running=!1}}render(){let e=this.form;if(!e)return m;let t=this.language,a=this.problem(e);return c`
      <section class="card form">
        <div class="fields">
          ${this.select(i(t,"report_period"),or.map(s=>[s,i(t,`report_${s}`)]),e.kind,s=>this.set("kind",s))}
          ${e.kind==="custom"?this.renderRange(e):this.renderDate(e,e.kind)}
          ${this.select(i(t,"report_scope"),ga.filter(s=>s!=="area"||this.areas().length>0).map(s=>[s,i(t,`scope_${s}`)]),e.scope,s=>this.set("scope",s))}
          ${e.scope==="area"?this.select(i(t,"area"),this.areas(),e.areaId,s=>this.set("areaId",s)):m}
          ${this.select(i(t,"report_language"),Object.keys(bt).map(s=>[s,bt[s]]),e.language,s=>this.set("language",s))}
        </div>
        ${e.scope==="boxes"?this.renderBoxes(e):m}
        <div class="actions">
          ${a?c`<span class="problem">${i(t,a)}</span>`:m}
          <button class="btn primary" ?disabled=${this.running||a!==null} @click=${this.run}>
            ${i(t,this.running?"making_report":"make_report")}
          </button>
        </div>
        ${this.running?c`<div class="progress" role="status">
                <div class="bar"><span></span></div>
                <span class="secondary">${i(t,"report_slow")}</span>
              </div>`:m}
      </section>
      ${this.error?c`<div class="banner" role="alert">${i(t,"report_error",{message:this.error})}</div>`:m}
      ${this.report&&!this.running?this.renderReport(this.report):m}
    `}select(e,t,a,s){return c`
      <label>
        <span class="secondary">${e}</span>
        <select @change=${n=>s(t[n.target.selectedIndex][0])}>
          ${t.map(([n,p])=>c`<option ?selected=${n===a}>${p}</option>`)}
        </select>
      </label>
    `}renderDate(e,t){return c`
      <label>
        <span class="secondary">${i(this.language,_a[t])}</span>
        <input
          type="date"
          required
          .value=${e.date}
          max=${ae(this.hass).slice(0,10)}
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
          @change=${s=>this.set(a,s.target.value)}
        />
      </label>
    `;return c`${t("start")}${t("end")}`}renderBoxes(e){let t=[...this.fleet.boxes].sort((a,s)=>a.name.localeCompare(s.name));return c`
      <fieldset class="boxes">
        <legend class="secondary">${i(this.language,"scope_boxes")}</legend>
        ${t.map(a=>c`
            <label class="box">
              <input
                type="checkbox"
                .checked=${e.deviceIds.includes(a.device_id)}
                @change=${s=>this.toggleBox(a.device_id,s.target.checked)}
              />
              <span>${a.name}${a.area?c` <span class="secondary">· ${a.area}</span>`:m}</span>
            </label>
          `)}
      </fieldset>
    `}renderReport(e){let t=this.language,{summary:a,scope:s,files:n}=e;return c`
      <section class="result">
        <div class="result-head">
          <div>
            <h2>${i(t,"report_title",{label:e.period.label})}</h2>
            <div class="secondary">
              ${[i(t,"report_scope_count",{count:s.boxes}),...s.areas].join(" · ")}
            </div>
          </div>
          <div class="files">
            ${n?.html?c`<a class="btn primary" href=${n.html} target="_blank" rel="noopener"
                    >${se}${i(t,"open_printable")}</a
                  >`:m}
            ${n?.csv?c`<a class="btn" href=${n.csv} download>${De}${i(t,"download_csv")}</a>`:m}
          </div>
        </div>
        ${n?.html||n?.csv?m:c`<p class="secondary">${i(t,"report_no_files")}</p>`}
        ${a.has_data?c`<div class="tiles">
                  ${this.renderEnergy(e)} ${this.renderDemand(e)} ${this.renderQualification(e)}
                  ${this.renderAlarms(e)}
                </div>
                ${this.renderCauses(e)}`:c`<p class="empty card">${i(t,"report_no_data")}</p>`}
      </section>
    `}tile(e,t,a=m){return c`
      <div class="tile card ${e}">
        <div class="secondary">${i(this.language,e)}</div>
        <div class="figure ${t===null?"none":""}">${t??i(this.language,"no_data")}</div>
        ${a}
      </div>
    `}renderEnergy({summary:e}){let t=k(this.hass),a=p=>I(t,p,"kWh",p>=1e3?0:1),s=sr.map(p=>[p,e.by_period[p]]).filter(p=>p[1]!==void 0),n=s.reduce((p,[,l])=>p+l,0);return this.tile("fig_energy",e.energy===null?null:a(e.energy),n>0?c`
            <div class="split" aria-hidden="true">
              ${s.map(([p,l])=>c`<span class=${p} style="flex-grow: ${l/n}"></span>`)}
            </div>
            <ul class="legend">
              ${s.map(([p,l])=>c`<li>
                  <span class="swatch ${p}"></span>${i(this.language,`period_${p}`)}
                  <strong>${a(l)}</strong>
                  <span class="secondary">${M(t,l/n*100,0)}%</span>
                </li>`)}
            </ul>
          `:m)}renderDemand({summary:e}){let t=e.max_demand;return this.tile("fig_max_demand",t===null?null:I(k(this.hass),t.kw,"kW"),t===null?m:c`<div class="secondary">${i(this.language,"demand_at",{time:hr(this.hass,t.at)})}</div>`)}renderQualification({summary:e}){let t=e.qualification_mean;return this.tile("fig_qualification",t===null?null:`${M(k(this.hass),t,2)}%`)}renderAlarms({summary:e,alarms:t}){let a=this.language,s=e.worst_box,n=[...t.open?[i(a,"alarms_open",{count:t.open})]:[],...t.unacknowledged?[i(a,"alarms_unacknowledged",{count:t.unacknowledged})]:[]];return this.tile("fig_alarms",String(e.alarms),c`
        ${n.length?c`<div class=${t.open?"open":"secondary"}>${n.join(" · ")}</div>`:m}
        ${s&&s.alarms>0?c`<div class="secondary">${i(a,"worst_box",{box:s.name,count:s.alarms})}</div>`:m}
        ${e.covered_alarms?c`<div class="secondary small">${i(a,"alarms_covered",{count:e.covered_alarms})}</div>`:m}
      `)}renderCauses({alarms:e}){let t=this.language,a=Math.max(1,...e.by_cause.map(s=>s.count));return c`
      <section class="card causes">
        <h3>${i(t,"by_cause")}</h3>
        ${e.by_cause.length===0?c`<p class="secondary">${i(t,"no_report_alarms")}</p>`:c`<ul>
                ${e.by_cause.map(s=>c`<li>
                    <span class="name">${S(t,s.key)}</span>
                    <span class="bar"><span style="width: ${s.count/a*100}%"></span></span>
                    <strong>${s.count}</strong>
                  </li>`)}
              </ul>`}
      </section>
    `}};Ce.properties={hass:{attribute:!1},language:{attribute:!1},fleet:{attribute:!1},form:{state:!0},running:{state:!0},error:{state:!0},report:{state:!0}},Ce.styles=[$,b`
      :host {
        display: flex;
        flex-direction: column;
        gap: 16px;
        --sp-sharp: #c2185b;
        --sp-peak: #f57c00;
        --sp-flat: #1e88e5;
        --sp-valley: #00897b;
      }
      .form {
        padding: 16px;
      }
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 12px 16px;
        align-items: flex-end;
      }
      .fields label {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 0.8rem;
      }
      .fields select,
      .fields input {
        font-size: 0.95rem;
        min-width: 150px;
      }
      .boxes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
        gap: 2px 16px;
        max-height: 240px;
        overflow-y: auto;
        margin: 16px 0 0;
        padding: 8px 12px;
        border: 1px solid var(--divider-color, #e0e0e0);
        border-radius: 8px;
      }
      .boxes legend {
        padding: 0 4px;
        font-size: 0.8rem;
      }
      .box {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: 36px;
      }
      .box input {
        min-height: 0;
        width: 18px;
        height: 18px;
        margin: 0;
        accent-color: var(--primary-color, #03a9f4);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: flex-end;
        gap: 8px 16px;
        margin-top: 16px;
      }
      .problem {
        color: var(--sp-alarm);
        font-weight: 500;
      }
      .progress {
        display: flex;
        flex-direction: column;
        gap: 6px;
        margin-top: 12px;
      }
      .progress .bar {
        position: relative;
        height: 4px;
        overflow: hidden;
        border-radius: 2px;
        background: color-mix(in srgb, var(--primary-color, #03a9f4) 20%, transparent);
      }
      .progress .bar span {
        position: absolute;
        inset: 0 auto 0 0;
        width: 35%;
        background: var(--primary-color, #03a9f4);
        animation: slide 1.4s ease-in-out infinite;
      }
      @keyframes slide {
        from {
          left: -35%;
        }
        to {
          left: 100%;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .progress .bar span {
          animation: none;
          width: 100%;
          opacity: 0.6;
        }
      }
      .result {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .result-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
      }
      h2 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 500;
      }
      h3 {
        margin: 0 0 12px;
        font-size: 1.05rem;
        font-weight: 500;
      }
      .files {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .files a {
        text-decoration: none;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
        gap: 12px;
      }
      .tile {
        display: flex;
        flex-direction: column;
        gap: 4px;
        padding: 14px 16px;
      }
      .figure {
        font-size: 1.75rem;
        font-weight: 500;
        line-height: 1.25;
      }
      .figure.none {
        font-size: 1.1rem;
        color: var(--secondary-text-color, #727272);
      }
      .small {
        font-size: 0.85rem;
      }
      .open {
        color: var(--sp-alarm);
        font-weight: 500;
      }
      .split {
        display: flex;
        height: 10px;
        margin: 6px 0 2px;
        overflow: hidden;
        border-radius: 5px;
      }
      .split span {
        flex-basis: 0;
        min-width: 2px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 14px;
        margin: 4px 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.875rem;
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 5px;
      }
      .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
      }
      .sharp {
        background: var(--sp-sharp);
      }
      .peak {
        background: var(--sp-peak);
      }
      .flat {
        background: var(--sp-flat);
      }
      .valley {
        background: var(--sp-valley);
      }
      .causes {
        padding: 16px;
      }
      .causes p {
        margin: 0;
      }
      .causes ul {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .causes li {
        display: grid;
        grid-template-columns: minmax(120px, 220px) 1fr 3ch;
        align-items: center;
        gap: 12px;
      }
      .causes .bar {
        height: 10px;
        border-radius: 5px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 7%, transparent);
      }
      .causes .bar span {
        display: block;
        height: 100%;
        min-width: 4px;
        border-radius: 5px;
        background: var(--sp-alarm);
      }
      .causes strong {
        text-align: right;
      }
      @media (max-width: 600px) {
        .fields label {
          flex: 1 1 40%;
        }
        .fields select,
        .fields input {
          min-width: 0;
          width: 100%;
        }
        .actions .btn {
          flex: 1;
        }
        .files .btn {
          flex: 1;
        }
        .tiles {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .tile.fig_energy,
        .tile.fig_alarms {
          grid-column: 1 / -1;
        }
        .figure {
          font-size: 1.5rem;
        }
        .causes li {
          grid-template-columns: 1fr 3ch;
          gap: 2px 12px;
        }
        .causes .name {
          grid-column: 1 / -1;
        }
      }
    `];customElements.get("safe-power-reports")||customElements.define("safe-power-reports",Ce);var va="(max-width: 600px)",Te=class extends x{constructor(){super(...arguments);this.narrow=!1;this.feed=new ee;this.fleetError=null;this.feedError=null;this.started=!1;this.open=new V(this);this.phoneQuery=window.matchMedia(va);this.phone=this.phoneQuery.matches;this.onPhoneChange=e=>{this.phone=e.matches}}connectedCallback(){super.connectedCallback(),this.phoneQuery.addEventListener("change",this.onPhoneChange),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.phoneQuery.removeEventListener("change",this.onPhoneChange),this.feed.stop(),this.started=!1}shouldUpdate(e){let t=e.get("hass"),{hass:a,fleet:s}=this;return e.size!==1||!t||!a||!s?!0:t.dockedSidebar!==a.dockedSidebar||Ke(t,a,s.boxes)}willUpdate(){this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(t=>{this.feedError=A(t)}),this.open.load(e,{states:[...B],limit:1e4}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await te(e)}catch(t){this.fleetError=A(t)}}updated(){let e=this.renderRoot.querySelector("nav"),t=e?.querySelector('a[aria-selected="true"]'),a=`${t?.getAttribute("href")}|${t?.textContent}`;if(!e||!t||a===this.shownTab)return;this.shownTab=a;let s=e.getBoundingClientRect(),n=t.getBoundingClientRect();n.right>s.right?e.scrollLeft+=n.right-s.right:n.left<s.left&&(e.scrollLeft-=s.left-n.left)}view(){let[,e,t]=(this.route?.path??"").split("/");return e==="alarms"||e==="plan"||e==="reports"?{tab:e}:e==="box"&&t?{tab:"box",deviceId:decodeURIComponent(t)}:{tab:"overview"}}get basePath(){return this.route?.prefix??""}toggleMenu(){this.dispatchEvent(new CustomEvent("hass-toggle-menu",{bubbles:!0,composed:!0}))}render(){let e=this.hass;if(!e)return m;let t=Ie(e),a=this.view(),s=a.tab==="box"?this.fleet?.boxes.find(d=>d.device_id===a.deviceId):void 0,n=this.open.alarms.filter(d=>d.state==="active").length,p=this.narrow||e.dockedSidebar==="always_hidden",l=(d,u,h,f=0)=>c`
      <a role="tab" aria-selected=${h} href=${d} @click=${E(d)}
        >${u}${f?c`<span class="badge">${f}</span>`:m}</a
      >
    `;return c`
      <header>
        <div class="toolbar">
          ${a.tab==="box"?c`<button
                  class="icon-button"
                  aria-label=${i(t,"back")}
                  @click=${()=>Mt(this.basePath)}
                >
                  ${br}
                </button>`:p?c`<button class="icon-button" aria-label=${i(t,"menu")} @click=${this.toggleMenu}>
                    ${vr}
                  </button>`:m}
          <h1>${i(t,"title")}</h1>
        </div>
        <nav role="tablist">
          ${l(this.basePath||"/",i(t,"tab_overview"),a.tab==="overview")}
          ${l(`${this.basePath}/alarms`,i(t,"tab_alarms"),a.tab==="alarms",n)}
          ${l(`${this.basePath}/plan`,i(t,"tab_plan"),a.tab==="plan")}
          ${l(`${this.basePath}/reports`,i(t,"tab_reports"),a.tab==="reports")}
          ${a.tab==="box"?l(location.pathname,s?.name??a.deviceId,!0):m}
        </nav>
      </header>
      <main>
        ${this.feedError?c`<div class="banner" role="alert">${i(t,"feed_error",{message:this.feedError})}</div>`:m}
        ${this.open.error?c`<div class="banner" role="alert">${this.open.error}</div>`:m}
        ${this.renderView(e,t,a)}
      </main>
    `}renderView(e,t,a){let{fleet:s,basePath:n}=this,p=this.narrow||this.phone;if(this.fleetError!==null)return c`<div class="banner" role="alert">
        <span>${i(t,"fleet_error",{message:this.fleetError})}</span>
        <button class="btn" @click=${()=>this.loadFleet(e)}>${i(t,"retry")}</button>
      </div>`;if(!s)return c`<p class="empty" role="status">${i(t,"loading")}</p>`;if(a.tab==="alarms")return c`<safe-power-alarms
        .hass=${e}
        .language=${t}
        .fleet=${s}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${p}
      ></safe-power-alarms>`;if(a.tab==="reports")return c`<safe-power-reports .hass=${e} .language=${t} .fleet=${s}></safe-power-reports>`;let l=Ar(this.open.alarms);if(a.tab==="plan")return c`<safe-power-plan
        .hass=${e}
        .language=${t}
        .fleet=${s}
        .open=${l}
        .basePath=${n}
      ></safe-power-plan>`;if(a.tab==="box"){let d=s.boxes.find(u=>u.device_id===a.deviceId);return d?c`<safe-power-box
        .hass=${e}
        .language=${t}
        .fleet=${s}
        .box=${d}
        .open=${l.get(d.device_id)??[]}
        .feed=${this.feed}
        .basePath=${n}
        ?compact=${p}
      ></safe-power-box>`:c`<p class="empty card">${i(t,"box_gone")}</p>`}return c`<safe-power-overview
      .hass=${e}
      .language=${t}
      .fleet=${s}
      .open=${l}
      .basePath=${n}
    ></safe-power-overview>`}};Te.properties={hass:{attribute:!1},narrow:{type:Boolean,reflect:!0},route:{attribute:!1},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0},phone:{state:!0}},Te.styles=[$,b`
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
        nav {
          gap: 0;
          padding: 0 4px;
        }
        nav a {
          padding: 0 11px;
        }
      }
    `];customElements.get("safe-power-panel")||customElements.define("safe-power-panel",Te);var ce="/safe-power";function Xe(o,r,e){let t=He(),a=window.customCards??=[];a.some(s=>s.type===o)||a.push({type:o,name:i(t,r),description:i(t,e),preview:!0})}var Je=o=>(r,e)=>{let t=He();throw new Error(i(t,"labelled",{label:i(t,o),value:i(t,r,e)}))};function Ze(o,r){return(typeof o!="object"||o===null||Array.isArray(o))&&r("card_bad_config"),o}var et=o=>JSON.stringify(o)??String(o),L=class extends x{constructor(){super(...arguments);this.feed=new ee;this.fleetError=null;this.feedError=null;this.started=!1}setConfig(e){this.config=this.check(e)}get language(){return this.hass?Ie(this.hass):He()}connectedCallback(){super.connectedCallback(),this.hass&&!this.started&&this.start(this.hass)}disconnectedCallback(){super.disconnectedCallback(),this.feed.stop(),this.started=!1}shouldUpdate(e){let t=e.get("hass"),{hass:a,fleet:s}=this;return e.size!==1||!t||!a||!s?!0:Ke(t,a,this.watched(s))}willUpdate(e){super.willUpdate(e),this.hass&&!this.started&&this.start(this.hass)}start(e){this.started=!0,this.feedError=null,this.feed.start(e).catch(t=>{this.feedError=A(t)}),this.loadFleet(e)}async loadFleet(e){this.fleetError=null;try{this.fleet=await te(e)}catch(t){this.fleetError=A(t)}}frame(e){let{hass:t,fleet:a,language:s}=this;return c`
      <ha-card>
        ${this.feedError?c`<div class="banner" role="alert">${i(s,"feed_error",{message:this.feedError})}</div>`:m}
        ${this.fleetError!==null?c`<div class="banner" role="alert">
                <span>${i(s,"fleet_error",{message:this.fleetError})}</span>
                <button class="btn" @click=${()=>t&&this.loadFleet(t)}>${i(s,"retry")}</button>
              </div>`:t&&a?e(t,a):c`<p class="empty" role="status">${i(s,"loading")}</p>`}
      </ha-card>
    `}};L.properties={hass:{attribute:!1},config:{state:!0},fleet:{state:!0},fleetError:{state:!0},feedError:{state:!0}},L.cardStyles=b`
    :host {
      display: block;
    }
    ha-card {
      display: flex;
      flex-direction: column;
      gap: 12px;
      height: 100%;
      padding: 16px;
      background: var(--ha-card-background, var(--card-background-color, #fff));
      border-radius: var(--ha-card-border-radius, 12px);
      border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
      box-shadow: var(--ha-card-box-shadow, none);
    }
    .header {
      display: flex;
      align-items: center;
      gap: 8px 12px;
      flex-wrap: wrap;
    }
    .header h2 {
      flex: 1;
      margin: 0;
      font-size: var(--ha-card-header-font-size, 1.25rem);
      font-weight: 400;
      color: var(--ha-card-header-color, var(--primary-text-color, #212121));
    }
    .header a {
      color: inherit;
      text-decoration: none;
    }
    .header a:hover {
      text-decoration: underline;
    }
    .open-panel {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 40px;
      height: 40px;
      border-radius: 50%;
      color: var(--secondary-text-color, #727272);
    }
    .open-panel:hover {
      background: color-mix(in srgb, var(--primary-text-color, #212121) 6%, transparent);
    }
  `;var ba=["active","acknowledged","all"],Lt=5,tt=class extends L{static getStubConfig(){return{state:"active",limit:Lt}}check(r){let e=Je("card_alarms_name"),{state:t="active",limit:a=Lt,area_id:s}=Ze(r,e);return ba.some(n=>n===t)||e("card_bad_state",{value:et(t)}),(typeof a!="number"||!Number.isInteger(a)||a<1||a>100)&&e("card_bad_limit",{value:et(a)}),s!==void 0&&(typeof s!="string"||s==="")&&e("card_bad_area",{value:et(s)}),{state:t,limit:a,...s!==void 0&&{area_id:s}}}watched(r){return r.boxes}getCardSize(){return 1+3*Math.min(this.config?.limit??Lt,3)}getGridOptions(){return{columns:12,min_columns:6}}willUpdate(r){super.willUpdate(r);let e=this.config;r.has("config")&&e&&(this.preset={state:e.state,areaId:e.area_id??"",limit:e.limit})}render(){let{config:r,preset:e}=this;return!r||!e?m:this.frame((t,a)=>this.renderList(t,a,r,e))}renderList(r,e,t,a){let s=this.language,n=t.area_id,p=n===void 0?null:e.boxes.find(d=>d.area_id===n)?.area??n,l=`${ce}/alarms`;return c`
      <div class="header">
        <h2>${i(s,"card_alarms_name")}</h2>
        <span class="secondary">
          ${[i(s,t.state==="all"?"all_states":`alarm_${t.state}`),p].filter(d=>d).join(" · ")}
        </span>
        <a class="open-panel" href=${l} @click=${E(l)} title=${i(s,"open_panel")} aria-label=${i(s,"open_panel")}
          >${se}</a
        >
      </div>
      <safe-power-alarms
        .hass=${r}
        .language=${s}
        .fleet=${e}
        .feed=${this.feed}
        .preset=${a}
        .basePath=${ce}
        compact
      ></safe-power-alarms>
    `}};tt.styles=[$,L.cardStyles];customElements.get("safe-power-alarms-card")||customElements.define("safe-power-alarms-card",tt);Xe("safe-power-alarms-card","card_alarms_name","card_alarms_description");var xa={state:"open",areaId:"",limit:3},rt=class extends L{constructor(){super(...arguments);this.open=new V(this);this.loadedFor=""}static async getStubConfig(e){try{let a=[...(await te(e)).boxes].sort((s,n)=>s.name.localeCompare(n.name))[0];return a?{device_id:a.device_id}:{}}catch{return{}}}check(e){let t=Je("card_box_name"),{device_id:a}=Ze(e,t);return(typeof a!="string"||a==="")&&t("card_need_device"),{device_id:a}}watched(e){return e.boxes.filter(t=>t.device_id===this.config?.device_id)}getCardSize(){return 6}willUpdate(e){super.willUpdate(e);let t=this.config?.device_id;this.hass&&t!==void 0&&t!==this.loadedFor&&(this.loadedFor=t,this.open.load(this.hass,{device_ids:[t],states:[...B],limit:1e4}))}render(){let e=this.config;return e?this.frame((t,a)=>{let s=a.boxes.find(n=>n.device_id===e.device_id);return s?this.renderBox(t,a,s):c`<p class="empty">${i(this.language,"card_no_box",{id:e.device_id})}</p>`}):m}renderBox(e,t,a){let s=this.language,n=`${ce}/box/${encodeURIComponent(a.device_id)}`,p=Q(a.area,a.location),l=this.open.total;return c`
      <div class="header">
        <h2><a href=${n} @click=${E(n)}>${a.name}</a></h2>
        ${K(s,z(e,a,this.open.alarms))}
      </div>
      ${p?c`<div class="secondary place">${p}</div>`:m}
      ${qe(e,s,a)}
      ${a.entities.contactor!==void 0?c`<safe-power-contactor
              .hass=${e}
              .language=${s}
              .box=${a}
              .canPower=${t.can_power}
            ></safe-power-contactor>`:m}
      ${l?c`<h3>${i(s,"open_alarms",{count:l})}</h3>`:m}
      <safe-power-alarms
        .hass=${e}
        .language=${s}
        .fleet=${t}
        .feed=${this.feed}
        .deviceId=${a.device_id}
        .preset=${xa}
        .basePath=${ce}
        compact
      ></safe-power-alarms>
    `}};rt.styles=[$,We,L.cardStyles,b`
      .place {
        margin-top: -8px;
        font-size: 0.875rem;
      }
      .figures {
        margin: 0;
      }
      h3 {
        margin: 4px 0 -8px;
        font-size: 0.95rem;
        font-weight: 500;
      }
    `];customElements.get("safe-power-box-card")||customElements.define("safe-power-box-card",rt);Xe("safe-power-box-card","card_box_name","card_box_description");
