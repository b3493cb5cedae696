<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Larger text</source>
        <extracomment>For :meth:`ReadingAids.arrange` before the screen&apos;s width is known: one row per group. Between an aid&apos;s icon and its word (Qt leaves the icon touching the text otherwise); on the word&apos;s leading side, so it sits between them in either reading direction. The aids&apos; words (translated where they are shown, listed for lupdate here): each button is as wide as its widest word in any language offered.</extracomment>
        <translation>放大文字</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>继续播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play the slideshow</source>
        <extracomment>The aid buttons&apos; weight in the stylesheet ({{semibold}}) where the theme does not change it. Text widths are measured in whole pixels, a word and a button&apos;s hint round apart.</extracomment>
        <translation>继续播放幻灯片</translation>
    </message>
    <message>
        <source>Pause the slideshow</source>
        <translation>暂停幻灯片</translation>
    </message>
    <message>
        <source>Information will be back shortly</source>
        <translation>信息稍后恢复显示</translation>
    </message>
    <message>
        <source>Tap to read more</source>
        <extracomment>The progress fill&apos;s update interval: never more than 4 a second, never less than 1.</extracomment>
        <translation>点击阅读更多</translation>
    </message>
    <message>
        <source>Previous slide</source>
        <translation>上一张</translation>
    </message>
    <message>
        <source>Next slide</source>
        <translation>下一张</translation>
    </message>
    <message>
        <source>This is general information, not medical advice. Please ask us or your doctor.</source>
        <extracomment>DOIs up to this long are kept on one line; a longer one may wrap rather than run off.</extracomment>
        <translation>以上为一般性信息，并非医疗建议。请咨询我们或您的医生。</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Slide id, once per reading: the references and their QR codes came into view.</extracomment>
        <translation>返回</translation>
    </message>
    <message>
        <source>Back to the slideshow</source>
        <translation>返回幻灯片</translation>
    </message>
    <message>
        <source>Going back to the slideshow in {seconds} s. Touch the screen to keep reading.</source>
        <translation>{seconds} 秒后返回幻灯片。触摸屏幕可继续阅读。</translation>
    </message>
    <message>
        <source>IN SHORT</source>
        <translation>要点</translation>
    </message>
    <message>
        <source>SOURCES — scan a code with your phone to read the research</source>
        <translation>资料来源：用手机扫描二维码阅读研究原文</translation>
    </message>
    <message>
        <source>No code for this source</source>
        <translation>此来源没有二维码</translation>
    </message>
    <message>
        <source>Read this on your phone</source>
        <translation>在手机上阅读</translation>
    </message>
    <message>
        <source>d MMMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>Last reviewed: {date}</source>
        <translation>最近审核：{date}</translation>
    </message>
    <message>
        <source>dddd d MMMM</source>
        <extracomment>After the minute turns, so a clock timer never wakes a hair early and shows the old minute.</extracomment>
        <translation>M月d日 dddd</translation>
    </message>
    <message>
        <source>Slide {current} of {count}</source>
        <translation>第 {current} 张，共 {count} 张</translation>
    </message>
    <message>
        <source>Important</source>
        <extracomment>How often the banner looks for notices whose time is up (also at each one&apos;s exact end). The dynamic property the stylesheet selects on: ``#AnnouncementBanner[kind=&quot;important&quot;]``.</extracomment>
        <translation>重要</translation>
    </message>
    <message>
        <source>Important announcement</source>
        <translation>重要通知</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>通知</translation>
    </message>
</context>
</TS>
