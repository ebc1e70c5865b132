/**
 * Leichte Sprache (rules of the Netzwerk Leichte Sprache: one statement per sentence, short words,
 * hard words explained, no abbreviations, media dot (Mediopunkt „·“) in long compound words, large
 * text, lists) and, in English mode, an Easy Read version. The thresholds come from the
 * configuration, like everywhere else.
 */
import type { ComponentChildren } from 'preact';
import { Layout, type PageContext } from '../../shared/layout';
import { Anschrift, type InfoEnv, STMD, mailto } from './info.parts';

/** One sentence (or one short statement) per paragraph, in large type. */
const S = ({ children }: { children: ComponentChildren }) => <p class="kern-body kern-body--large">{children}</p>;

const H2 = ({ id, children }: { id: string; children: ComponentChildren }) => (
  <h2 class="kern-heading-large" id={id}>
    {children}
  </h2>
);

export function LeichteSprachePage({ ctx, env }: { ctx: PageContext; env: InfoEnv }) {
  const de = ctx.locale === 'de';
  const title = de ? 'Leichte Sprache' : 'Easy Read';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: de ? 'Start' : 'Home' }]}>
      <div class="info-page leichte-sprache">
        <h1 class="kern-heading-x-large">{title}</h1>
        {de ? <Deutsch env={env} /> : <English env={env} />}
      </div>
    </Layout>
  );
}

function Deutsch({ env }: { env: InfoEnv }) {
  const { default: schwelle, bezirk } = env.thresholds;
  return (
    <>
      <S>Hier erklären wir diese Internet·Seite in Leichter Sprache.</S>

      <H2 id="was-ist-das">Was ist diese Internet·Seite?</H2>
      <S>Diese Internet·Seite heißt: Digitales Amt.</S>
      <S>Hier steht: Welche Ämter in Bayern viel im Internet anbieten.</S>
      <S>Ein Amt ist zum Beispiel das Rathaus von Ihrer Gemeinde.</S>
      <S>Oder das Land·rats·amt.</S>
      <S>Ein anderes Wort für Amt ist: Behörde.</S>

      <H2 id="digitales-amt">Was bedeutet „Digitales Amt“?</H2>
      <S>Digital bedeutet hier: mit dem Computer und im Internet.</S>
      <S>„Digitales Amt“ ist eine Auszeichnung.</S>
      <S>Eine Auszeichnung ist so etwas wie ein Preis.</S>
      <S>Das Land Bayern gibt diese Auszeichnung an Ämter.</S>
      <S>Die Ämter müssen dafür viel im Internet anbieten.</S>
      <S>Ein Amt mit der Auszeichnung bekommt:</S>
      <ul class="kern-list kern-list--bullet kern-body--large">
        <li>ein Schild für das Amts·gebäude.</li>
        <li>ein kleines Bild für die eigene Internet·Seite.</li>
        <li>einen Platz auf einer Liste im Internet. Auf der Liste stehen alle Ämter mit der Auszeichnung.</li>
      </ul>
      <S>Das schwere Wort für diese Auszeichnung ist: Prädikat.</S>

      <H2 id="online-verfahren">Was ist ein Online·Verfahren?</H2>
      <S>Online bedeutet: im Internet.</S>
      <S>Bei einem Online·Verfahren füllen Sie ein Formular im Internet aus.</S>
      <S>Dann schicken Sie das Formular im Internet ab.</S>
      <S>Sie müssen dafür nicht zum Amt gehen.</S>
      <S>Ein Beispiel:</S>
      <S>Sie haben einen Hund.</S>
      <S>Sie müssen den Hund bei der Gemeinde anmelden.</S>
      <S>Bei vielen Gemeinden geht das im Internet.</S>
      <S>Wichtig: Sie müssen das Formular im Internet abschicken können.</S>
      <S>Ein Formular nur zum Ausdrucken ist kein Online·Verfahren.</S>

      <H2 id="regel">Die Regel mit der Zahl {schwelle}</H2>
      <S>Ein Amt bekommt die Auszeichnung: Wenn es mindestens {schwelle} Online·Verfahren hat.</S>
      <S>
        Mindestens {schwelle} bedeutet: {schwelle} oder mehr.
      </S>
      <S>Für Bezirke gilt eine andere Zahl: {bezirk}.</S>
      <S>Ein Bezirk ist ein großes Gebiet in Bayern.</S>
      <S>Bayern hat 7 Bezirke.</S>
      <S>Zum Beispiel: Oberbayern, Schwaben oder Mittel·franken.</S>
      <S>Der Bezirk hat eigene Aufgaben.</S>
      <S>Er hilft zum Beispiel Menschen mit Behinderung.</S>
      <S>Ein Bezirk hat weniger Angebote für die Menschen als eine Gemeinde.</S>
      <S>Darum braucht ein Bezirk nur {bezirk} Online·Verfahren.</S>

      <H2 id="buergerservice">Was kann ich im Internet erledigen?</H2>
      <S>Das zeigt Ihnen der Bürger·service.</S>
      <ol class="kern-list kern-list--number kern-body--large">
        <li>
          Öffnen Sie den{' '}
          <a class="kern-link" href="/buergerservice">
            Bürger·service
          </a>
          .
        </li>
        <li>Schreiben Sie den Namen von Ihrem Wohn·ort in das erste Feld. Oder Ihre Post·leit·zahl.</li>
        <li>Sie können auch schreiben: Was wollen Sie erledigen? Zum Beispiel: Hund.</li>
        <li>Klicken Sie auf den Knopf: Online-Verfahren anzeigen.</li>
      </ol>
      <S>Manche Orte haben den gleichen Namen.</S>
      <S>Dann zeigt die Seite alle Orte mit diesem Namen.</S>
      <S>Klicken Sie auf Ihren Ort.</S>
      <S>Dann sehen Sie: Diese Online·Verfahren gibt es für Sie.</S>
      <S>Und Sie sehen: Welches Amt ist dafür zuständig.</S>
      <S>Zum Beispiel Ihre Gemeinde, Ihr Land·rats·amt, Ihr Bezirk oder das Land Bayern.</S>

      <H2 id="gemeinde-finden">So finden Sie Ihre Gemeinde</H2>
      <ol class="kern-list kern-list--number kern-body--large">
        <li>
          Öffnen Sie die{' '}
          <a class="kern-link" href="/behoerden">
            Liste mit allen Behörden
          </a>
          .
        </li>
        <li>Schreiben Sie den Namen von Ihrer Gemeinde in das Such·feld. Sie können auch Ihre Post·leit·zahl schreiben.</li>
        <li>Klicken Sie auf den Knopf: Suchen.</li>
        <li>Klicken Sie auf den Namen von Ihrer Gemeinde.</li>
      </ol>
      <S>Dann sehen Sie: So viele Online·Verfahren hat Ihre Gemeinde.</S>
      <S>Manche kleinen Gemeinden arbeiten zusammen.</S>
      <S>Sie haben dann ein gemeinsames Amt.</S>
      <S>Das heißt: Verwaltungs·gemeinschaft.</S>
      <S>Dann steht Ihre Gemeinde bei der Verwaltungs·gemeinschaft.</S>
      {env.demo && (
        <div class="ls-achtung">
          <S>Achtung:</S>
          <S>Diese Internet·Seite ist ein Beispiel.</S>
          <S>Die Zahlen von den Online·Verfahren sind nicht echt.</S>
          <S>Ein Computer hat sich die Zahlen ausgedacht.</S>
          <S>Man sagt dazu: Demo·daten.</S>
        </div>
      )}

      <H2 id="wer">Wer macht diese Internet·Seite?</H2>
      <S>Das Bayerische Staats·ministerium für Digitales macht diese Internet·Seite.</S>
      <S>Ein Staats·ministerium ist ein Teil von der Regierung in Bayern.</S>
      <S>Dieses Staats·ministerium kümmert sich um Computer und Internet in Bayern.</S>
      <S>Das Staats·ministerium ist in München.</S>
      <S>Hier ist die Adresse:</S>
      <Anschrift stelle={{ ...STMD, web: undefined }} locale="de" />
      <S>Sie haben eine Frage?</S>
      <S>
        Dann schreiben Sie eine E-Mail an:{' '}
        <a class="kern-link" href={mailto(STMD.email, 'Frage zu Digitales Amt')}>
          {STMD.email}
        </a>
      </S>
    </>
  );
}

function English({ env }: { env: InfoEnv }) {
  const { default: schwelle, bezirk } = env.thresholds;
  return (
    <>
      <S>This page explains this website in Easy Read.</S>

      <H2 id="was-ist-das">What is this website?</H2>
      <S>
        This website is called <span lang="de">Digitales Amt</span>.
      </S>
      <S>That is German. It means: digital office.</S>
      <S>The website shows which offices in Bavaria offer a lot on the internet.</S>
      <S>An office is for example the town hall of your town.</S>
      <S>Another word for office is: authority.</S>

      <H2 id="digitales-amt">
        What does <span lang="de">„Digitales Amt“</span> mean?
      </H2>
      <S>Digital means here: with a computer and on the internet.</S>
      <S>
        <span lang="de">„Digitales Amt“</span> is an award.
      </S>
      <S>An award is like a prize.</S>
      <S>The State of Bavaria gives this award to offices.</S>
      <S>The offices must offer a lot on the internet to get it.</S>
      <S>An office with the award gets:</S>
      <ul class="kern-list kern-list--bullet kern-body--large">
        <li>a sign for its building.</li>
        <li>a small picture for its own website.</li>
        <li>a place on a list on the internet. The list shows all offices with the award.</li>
      </ul>

      <H2 id="online-verfahren">What is an online procedure?</H2>
      <S>Online means: on the internet.</S>
      <S>In an online procedure you fill in a form on the internet.</S>
      <S>Then you send the form on the internet.</S>
      <S>You do not have to go to the office.</S>
      <S>An example:</S>
      <S>You have a dog.</S>
      <S>You must register the dog with your town.</S>
      <S>Many towns let you do this on the internet.</S>
      <S>Important: you must be able to send the form on the internet.</S>
      <S>A form that you can only print out is not an online procedure.</S>

      <H2 id="regel">The rule of {schwelle}</H2>
      <S>An office gets the award when it has at least {schwelle} online procedures.</S>
      <S>
        At least {schwelle} means: {schwelle} or more.
      </S>
      <S>
        For a <span lang="de">Bezirk</span> the number is different: {bezirk}.
      </S>
      <S>
        A <span lang="de">Bezirk</span> is a large area in Bavaria.
      </S>
      <S>
        Bavaria has 7 <span lang="de">Bezirke</span>.
      </S>
      <S>For example: Upper Bavaria, Swabia or Middle Franconia.</S>
      <S>
        A <span lang="de">Bezirk</span> has its own tasks.
      </S>
      <S>For example, it helps people with disabilities.</S>
      <S>
        A <span lang="de">Bezirk</span> offers fewer services to people than a town.
      </S>
      <S>
        So a <span lang="de">Bezirk</span> only needs {bezirk} online procedures.
      </S>

      <H2 id="buergerservice">What can I do on the internet?</H2>
      <S>The citizen service shows you.</S>
      <ol class="kern-list kern-list--number kern-body--large">
        <li>
          Open the{' '}
          <a class="kern-link" href="/buergerservice">
            citizen service
          </a>
          .
        </li>
        <li>Write the name of the place where you live in the first box. Or your postcode.</li>
        <li>You can also write what you want to do. For example: Hund. This is German for dog.</li>
        <li>Click the button: Show online procedures.</li>
      </ol>
      <S>Some places have the same name.</S>
      <S>Then the page shows all places with this name.</S>
      <S>Click on your place.</S>
      <S>Then you see all online procedures for you.</S>
      <S>And you see which office is responsible.</S>
      <S>For example your town, your district office, your Bezirk or the Free State of Bavaria.</S>

      <H2 id="gemeinde-finden">How to find your town</H2>
      <ol class="kern-list kern-list--number kern-body--large">
        <li>
          Open the{' '}
          <a class="kern-link" href="/behoerden">
            list of all authorities
          </a>
          .
        </li>
        <li>Type the name of your town in the search box. You can also type your postcode.</li>
        <li>Click the button: Search.</li>
        <li>Click the name of your town.</li>
      </ol>
      <S>Now you see how many online procedures your town has.</S>
      <S>Some small towns work together.</S>
      <S>They share one office.</S>
      <S>
        This is called a <span lang="de">Verwaltungsgemeinschaft</span>.
      </S>
      <S>Then you find your town under this shared office.</S>
      {env.demo && (
        <div class="ls-achtung">
          <S>Please note:</S>
          <S>This website is an example.</S>
          <S>The numbers of online procedures are not real.</S>
          <S>A computer made up the numbers.</S>
          <S>This is called: demo data.</S>
        </div>
      )}

      <H2 id="wer">Who runs this website?</H2>
      <S>The Bavarian State Ministry for Digital Affairs runs this website.</S>
      <S>A State Ministry is a part of the government of Bavaria.</S>
      <S>This ministry looks after computers and the internet in Bavaria.</S>
      <S>The ministry is in Munich.</S>
      <S>Here is the address:</S>
      <Anschrift stelle={{ ...STMD, web: undefined }} locale="en" nameLang="de" />
      <S>Do you have a question?</S>
      <S>
        Then send an e-mail to:{' '}
        <a class="kern-link" href={mailto(STMD.email, 'Question about Digitales Amt')}>
          {STMD.email}
        </a>
      </S>
    </>
  );
}
