# source-crc32: fd97c43f-2343
SOURCE_CRC32 = "fd97c43f-2343"
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'about_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QDialogButtonBox, QLabel, QSizePolicy, QSpacerItem, QVBoxLayout)

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.resize(460, 300)
        self.mainLayout = QVBoxLayout(AboutDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.titleLabel = QLabel(AboutDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setTextFormat(Qt.RichText)

        self.mainLayout.addWidget(self.titleLabel)

        self.versionLabel = QLabel(AboutDialog)
        self.versionLabel.setObjectName(u"versionLabel")

        self.mainLayout.addWidget(self.versionLabel)

        self.descriptionLabel = QLabel(AboutDialog)
        self.descriptionLabel.setObjectName(u"descriptionLabel")
        self.descriptionLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.descriptionLabel)

        self.pathsLabel = QLabel(AboutDialog)
        self.pathsLabel.setObjectName(u"pathsLabel")
        self.pathsLabel.setWordWrap(True)
        self.pathsLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.pathsLabel.setStyleSheet(u"color: #555;")

        self.mainLayout.addWidget(self.pathsLabel)

        self.licenseLabel = QLabel(AboutDialog)
        self.licenseLabel.setObjectName(u"licenseLabel")
        self.licenseLabel.setWordWrap(True)
        self.licenseLabel.setStyleSheet(u"color: #777;")

        self.mainLayout.addWidget(self.licenseLabel)

        self.verticalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(AboutDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttonBox)


        self.retranslateUi(AboutDialog)

        QMetaObject.connectSlotsByName(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"\u5173\u4e8e\u6cd5\u6cbb\u53f0\u8d26", None))
        self.titleLabel.setText(QCoreApplication.translate("AboutDialog", u"<span style=\"font-size:18pt; font-weight:bold; color:#1f5fa8\">\u6cd5\u6cbb\u53f0\u8d26</span>", None))
        self.versionLabel.setText(QCoreApplication.translate("AboutDialog", u"\u7248\u672c", None))
        self.descriptionLabel.setText(QCoreApplication.translate("AboutDialog", u"\u4e61\u9547\u6cd5\u6cbb\u653f\u5e9c\u5efa\u8bbe\u53f0\u8d26\u4e0e\u5e74\u5ea6\u62a5\u544a\u3002\u628a\u5404\u9879\u5de5\u4f5c\u7684\u53f0\u8d26\u8bb0\u5728\u672c\u673a\u7684\u4e00\u4e2a\u6570\u636e\u5e93\u6587\u4ef6\u91cc\uff0c\u5e74\u5e95\u7531\u53f0\u8d26\u81ea\u52a8\u7edf\u8ba1\u51fa\u300a\u6cd5\u6cbb\u653f\u5e9c\u5efa\u8bbe\u5e74\u5ea6\u62a5\u544a\u300b\u4e2d\u7684\u6570\u5b57\u3002\u65e0\u9700\u8054\u7f51\u3002", None))
        self.licenseLabel.setText(QCoreApplication.translate("AboutDialog", u"\u968f\u8f6f\u4ef6\u9644\u5e26\u7684\u5b57\u4f53\uff1a\u601d\u6e90\u9ed1\u4f53\u3001\u601d\u6e90\u5b8b\u4f53\uff08SIL OFL 1.1\uff09\uff0cFandol \u4eff\u5b8b\u3001\u6977\u4f53\uff08GPL-3.0\uff0c\u9644\u5b57\u4f53\u4f8b\u5916\u6761\u6b3e\uff09\u3002", None))
    # retranslateUi

