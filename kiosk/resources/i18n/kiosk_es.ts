<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name></name>
    <message>
        <source>Larger text</source>
        <extracomment>For :meth:`ReadingAids.arrange` before the screen&apos;s width is known: one row per group. Between an aid&apos;s icon and its word (Qt leaves the icon touching the text otherwise); on the word&apos;s leading side, so it sits between them in either reading direction. The aids&apos; words (translated where they are shown, listed for lupdate here): each button is as wide as its widest word in any language offered.</extracomment>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Play the slideshow</source>
        <extracomment>The aid buttons&apos; weight in the stylesheet ({{semibold}}) where the theme does not change it. Text widths are measured in whole pixels, a word and a button&apos;s hint round apart.</extracomment>
        <translation>Reanudar la presentación</translation>
    </message>
    <message>
        <source>Pause the slideshow</source>
        <translation>Pausar la presentación</translation>
    </message>
    <message>
        <source>Information will be back shortly</source>
        <translation>La información volverá en breve</translation>
    </message>
    <message>
        <source>Tap to read more</source>
        <extracomment>The progress fill&apos;s update interval: never more than 4 a second, never less than 1.</extracomment>
        <translation>Toque para leer más</translation>
    </message>
    <message>
        <source>Previous slide</source>
        <translation>Diapositiva anterior</translation>
    </message>
    <message>
        <source>Next slide</source>
        <translation>Diapositiva siguiente</translation>
    </message>
    <message>
        <source>This is general information, not medical advice. Please ask us or your doctor.</source>
        <extracomment>DOIs up to this long are kept on one line; a longer one may wrap rather than run off.</extracomment>
        <translation>Esta es información general, no un consejo médico. Consúltenos a nosotros o a su médico.</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Slide id, once per reading: the references and their QR codes came into view.</extracomment>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Back to the slideshow</source>
        <translation>Volver a la presentación</translation>
    </message>
    <message>
        <source>Going back to the slideshow in {seconds} s. Touch the screen to keep reading.</source>
        <translation>Volviendo a la presentación en {seconds} s. Toque la pantalla para seguir leyendo.</translation>
    </message>
    <message>
        <source>IN SHORT</source>
        <translation>EN POCAS PALABRAS</translation>
    </message>
    <message>
        <source>SOURCES — scan a code with your phone to read the research</source>
        <translation>FUENTES: escanee un código con su teléfono para leer la investigación</translation>
    </message>
    <message>
        <source>No code for this source</source>
        <translation>No hay código para esta fuente</translation>
    </message>
    <message>
        <source>Read this on your phone</source>
        <translation>Lea esto en su teléfono</translation>
    </message>
    <message>
        <source>d MMMM yyyy</source>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>Last reviewed: {date}</source>
        <translation>Última revisión: {date}</translation>
    </message>
    <message>
        <source>dddd d MMMM</source>
        <extracomment>After the minute turns, so a clock timer never wakes a hair early and shows the old minute.</extracomment>
        <translation>dddd, d &apos;de&apos; MMMM</translation>
    </message>
    <message>
        <source>Slide {current} of {count}</source>
        <translation>Diapositiva {current} de {count}</translation>
    </message>
    <message>
        <source>Important</source>
        <extracomment>How often the banner looks for notices whose time is up (also at each one&apos;s exact end). The dynamic property the stylesheet selects on: ``#AnnouncementBanner[kind=&quot;important&quot;]``.</extracomment>
        <translation>Importante</translation>
    </message>
    <message>
        <source>Important announcement</source>
        <translation>Aviso importante</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>Aviso</translation>
    </message>
</context>
</TS>
