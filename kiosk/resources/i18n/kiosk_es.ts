<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name></name>
    <message>
        <source>Larger text</source>
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
        <translation>Esta es información general, no un consejo médico. Consúltenos a nosotros o a su médico.</translation>
    </message>
    <message>
        <source>Back</source>
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
        <translation>d 'de' MMMM 'de' yyyy</translation>
    </message>
    <message>
        <source>Last reviewed: {date}</source>
        <translation>Última revisión: {date}</translation>
    </message>
    <message>
        <source>dddd d MMMM</source>
        <translation>dddd, d 'de' MMMM</translation>
    </message>
</context>
</TS>
