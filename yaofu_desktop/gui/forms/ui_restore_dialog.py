# source-crc32: dee5dc52-4893
SOURCE_CRC32 = "dee5dc52-4893"
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'restore_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout)

class Ui_RestoreDialog(object):
    def setupUi(self, RestoreDialog):
        if not RestoreDialog.objectName():
            RestoreDialog.setObjectName(u"RestoreDialog")
        RestoreDialog.resize(760, 480)
        self.mainLayout = QVBoxLayout(RestoreDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(RestoreDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.folderLayout = QHBoxLayout()
        self.folderLayout.setObjectName(u"folderLayout")
        self.folderLabel = QLabel(RestoreDialog)
        self.folderLabel.setObjectName(u"folderLabel")
        self.folderLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.folderLabel.sizePolicy().hasHeightForWidth())
        self.folderLabel.setSizePolicy(sizePolicy)

        self.folderLayout.addWidget(self.folderLabel)

        self.changeFolderButton = QPushButton(RestoreDialog)
        self.changeFolderButton.setObjectName(u"changeFolderButton")
        self.changeFolderButton.setAutoDefault(False)

        self.folderLayout.addWidget(self.changeFolderButton)


        self.mainLayout.addLayout(self.folderLayout)

        self.backupTable = QTableWidget(RestoreDialog)
        if (self.backupTable.columnCount() < 4):
            self.backupTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.backupTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.backupTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.backupTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.backupTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.backupTable.setObjectName(u"backupTable")
        self.backupTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.backupTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.backupTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.backupTable.setAlternatingRowColors(True)
        self.backupTable.setWordWrap(False)
        self.backupTable.setColumnCount(4)
        self.backupTable.horizontalHeader().setStretchLastSection(True)
        self.backupTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.backupTable)

        self.othersCheck = QCheckBox(RestoreDialog)
        self.othersCheck.setObjectName(u"othersCheck")

        self.mainLayout.addWidget(self.othersCheck)

        self.emptyLabel = QLabel(RestoreDialog)
        self.emptyLabel.setObjectName(u"emptyLabel")
        self.emptyLabel.setWordWrap(True)
        self.emptyLabel.setStyleSheet(u"color: #777;")

        self.mainLayout.addWidget(self.emptyLabel)

        self.noteLabel = QLabel(RestoreDialog)
        self.noteLabel.setObjectName(u"noteLabel")
        self.noteLabel.setWordWrap(True)
        self.noteLabel.setStyleSheet(u"color: #8a5a00;")

        self.mainLayout.addWidget(self.noteLabel)

        self.errorLabel = QLabel(RestoreDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #b00020;")

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.otherFileButton = QPushButton(RestoreDialog)
        self.otherFileButton.setObjectName(u"otherFileButton")
        self.otherFileButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.otherFileButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.restoreButton = QPushButton(RestoreDialog)
        self.restoreButton.setObjectName(u"restoreButton")
        self.restoreButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.restoreButton)

        self.cancelButton = QPushButton(RestoreDialog)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.cancelButton)


        self.mainLayout.addLayout(self.buttonLayout)


        self.retranslateUi(RestoreDialog)

        QMetaObject.connectSlotsByName(RestoreDialog)
    # setupUi

    def retranslateUi(self, RestoreDialog):
        RestoreDialog.setWindowTitle(QCoreApplication.translate("RestoreDialog", u"\u4ece\u5907\u4efd\u6062\u590d", None))
        self.introLabel.setText(QCoreApplication.translate("RestoreDialog", u"\u8bf7\u9009\u62e9\u8981\u6062\u590d\u7684\u5907\u4efd\u3002\u6062\u590d\u65f6\uff0c\u6240\u9009\u5907\u4efd\u4f1a\u66ff\u6362\u5f53\u524d\u6570\u636e\u5e93\uff1b\u5f53\u524d\u6570\u636e\u5e93\u4f1a\u5148\u539f\u6837\u53e6\u5b58\u4e00\u4efd\uff0c\u4e0d\u4f1a\u4e22\u5931\u3002", None))
        self.folderLabel.setText(QCoreApplication.translate("RestoreDialog", u"\u5907\u4efd\u6587\u4ef6\u5939\uff1a", None))
        self.changeFolderButton.setText(QCoreApplication.translate("RestoreDialog", u"\u66f4\u6362\u6587\u4ef6\u5939\u2026", None))
        ___qtablewidgetitem = self.backupTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("RestoreDialog", u"\u5907\u4efd\u65f6\u95f4", None))
        ___qtablewidgetitem1 = self.backupTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("RestoreDialog", u"\u8bb0\u5f55\u6570", None))
        ___qtablewidgetitem2 = self.backupTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("RestoreDialog", u"\u5927\u5c0f", None))
        ___qtablewidgetitem3 = self.backupTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("RestoreDialog", u"\u72b6\u6001", None))
        self.othersCheck.setText(QCoreApplication.translate("RestoreDialog", u"\u663e\u793a\u5176\u4ed6\u6570\u636e\u5e93\u7684\u5907\u4efd", None))
#if QT_CONFIG(tooltip)
        self.othersCheck.setToolTip(QCoreApplication.translate("RestoreDialog", u"\u540c\u4e00\u6587\u4ef6\u5939\u4e2d\u5176\u4ed6\u6570\u636e\u5e93\u6587\u4ef6\uff08\u5982\u7ec3\u4e60\u7528\u7684\u526f\u672c\u3001\u5176\u4ed6\u4e61\u9547\u7684\u6570\u636e\u5e93\uff09\u7684\u5907\u4efd", None))
#endif // QT_CONFIG(tooltip)
        self.emptyLabel.setText(QCoreApplication.translate("RestoreDialog", u"\u8fd9\u4e2a\u6587\u4ef6\u5939\u4e2d\u8fd8\u6ca1\u6709\u672c\u7a0b\u5e8f\u7684\u5907\u4efd\u3002\u53ef\u4ee5\u70b9\u201c\u9009\u62e9\u5176\u4ed6\u5907\u4efd\u6587\u4ef6\u2026\u201d\u627e\u4e00\u4e2a\u5907\u4efd\u6587\u4ef6\uff08\u4f8b\u5982\u5728U\u76d8\u4e0a\uff09\u3002", None))
        self.noteLabel.setText(QCoreApplication.translate("RestoreDialog", u"\u6ce8\u610f\uff1a\u6062\u590d\u540e\uff0c\u81ea\u52a8\u5907\u4efd\u5c06\u6682\u505c\uff0c\u76f4\u5230\u91cd\u65b0\u542f\u52a8\u672c\u7a0b\u5e8f\uff0c\u4ee5\u514d\u8986\u76d6\u5176\u4ed6\u5907\u4efd\u3002", None))
        self.otherFileButton.setText(QCoreApplication.translate("RestoreDialog", u"\u9009\u62e9\u5176\u4ed6\u5907\u4efd\u6587\u4ef6\u2026", None))
        self.restoreButton.setText(QCoreApplication.translate("RestoreDialog", u"\u6062\u590d\u6240\u9009\u5907\u4efd", None))
        self.cancelButton.setText(QCoreApplication.translate("RestoreDialog", u"\u53d6\u6d88", None))
    # retranslateUi

